import sharp from 'sharp';
import type { AdminSession } from './admin.ts';
import type { TestServer } from './server.ts';

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

/** Sends the library's upload form as a browser does: multipart, with the files and the details. */
export function uploadFiles(
  server: TestServer,
  session: AdminSession,
  files: Array<{ name: string; bytes: Uint8Array; type?: string }>,
  details: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  for (const [name, value] of Object.entries({ alt: '', caption: '', credit: '', credit_source: '', ...details })) form.set(name, value);
  for (const file of files) form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
  return fetch(`${server.url}/admin/media/upload/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie, origin: server.url },
    body: form,
  });
}
