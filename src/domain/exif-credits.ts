/**
 * The photographer and copyright fields of a photo's EXIF block, the only metadata a site may
 * choose to keep on the images it serves. Everything else in EXIF (GPS, the camera's serial
 * number, times) can betray a source and is never read here.
 */
export interface ExifCredits {
  artist?: string;
  copyright?: string;
}

const ARTIST_TAG = 0x013b;
const COPYRIGHT_TAG = 0x8298;
const ASCII_TYPE = 2;
/** Longer fields are not credits; they are cut off rather than carried. */
const MAX_FIELD = 200;

/**
 * Reads the two fields from an EXIF block as sharp returns it ("Exif\0\0" and a TIFF header, or
 * the TIFF header alone). A block that is damaged in any way gives no credits rather than an error.
 */
export function readExifCredits(block: Uint8Array): ExifCredits {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const start = block.length >= 6 && String.fromCharCode(...block.subarray(0, 4)) === 'Exif' ? 6 : 0;
  if (block.length < start + 8) return {};
  const order = String.fromCharCode(block[start] ?? 0, block[start + 1] ?? 0);
  if (order !== 'II' && order !== 'MM') return {};
  const little = order === 'II';
  const u16 = (at: number) => (at + 2 <= block.length ? view.getUint16(at, little) : -1);
  const u32 = (at: number) => (at + 4 <= block.length ? view.getUint32(at, little) : -1);
  const ifd = start + u32(start + 4);
  const count = u16(ifd);
  if (ifd < start || count < 0) return {};
  const credits: ExifCredits = {};
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag !== ARTIST_TAG && tag !== COPYRIGHT_TAG) continue;
    if (u16(entry + 2) !== ASCII_TYPE) continue;
    const length = u32(entry + 4);
    if (length < 0) return credits;
    const at = length <= 4 ? entry + 8 : start + u32(entry + 8);
    if (at < start || at + length > block.length) continue;
    // ASCII by the standard; UTF-8 is what cameras and editors write in practice.
    const text = new TextDecoder()
      .decode(block.subarray(at, at + length))
      .replace(/\0.*$/s, '')
      .replace(/[\p{Cc}]/gu, '')
      .trim()
      .slice(0, MAX_FIELD);
    if (text === '') continue;
    if (tag === ARTIST_TAG) credits.artist = text;
    else credits.copyright = text;
  }
  return credits;
}
