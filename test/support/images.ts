import sharp from 'sharp';

/** A photo-like JPEG: a gradient, so encoders have something to do. */
export async function aJpeg(width: number, height: number, options: { orientation?: number; gps?: boolean; credits?: boolean } = {}): Promise<Buffer> {
  let image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } }).jpeg({ quality: 90 });
  if (options.orientation !== undefined || options.gps || options.credits) {
    image = image.withExif({
      IFD0: {
        ...(options.credits ? { Artist: 'Anna Photographer', Copyright: '(C) Wire Agency' } : {}),
        Make: 'CameraCo',
        Model: 'Secret Serial 12345',
      },
      ...(options.gps ? { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 37/1 0/1' } } : {}),
    });
    if (options.orientation !== undefined) image = image.withMetadata({ orientation: options.orientation });
  }
  return image.toBuffer();
}
