/**
 * Files of a WordPress site's uploads folder (wp-content/uploads): which file an address names,
 * whatever size of it WordPress made, so that an image in a post's text, a link to it and its old
 * address all find the one photo the file became.
 */

/** Where WordPress serves uploads from, on the site or a network's blog (…/uploads/sites/2/…). */
export const UPLOADS_SEGMENT = '/wp-content/uploads/';

/** Extensions of files the photo library may take; anything else (PDF, audio, video) stays a link. */
const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'jpe', 'png', 'gif', 'webp', 'avif', 'heic', 'heif']);

const SIZE_SUFFIX = /-\d{1,5}x\d{1,5}(\.[a-z0-9]{2,5})$/i;
/** WordPress 5.3+ keeps a large original as "name-scaled.jpg", its sizes named after "name". */
const SCALED_SUFFIX = /-scaled(\.[a-z0-9]{2,5})$/i;

/** "2022/02/geneva-1024x768.jpg" and "2022/02/geneva-scaled.jpg" → the file they were made from, "2022/02/geneva.jpg". */
export function originalUploadName(path: string): string {
  return path.replace(SIZE_SUFFIX, '$1').replace(SCALED_SUFFIX, '$1');
}

/** The name an uploaded file's sizes are made from: its own, or the original's for a "-scaled" copy. */
export function baseUploadName(path: string): string {
  return path.replace(SCALED_SUFFIX, '$1');
}

/** Whether a file name is one the library may read, by its extension (the bytes decide in the end). */
export function looksLikeImage(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot !== -1 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/**
 * Whether `candidate` (a file name in the same folder) is a size WordPress made of the uploaded
 * `file`, or its original: for "geneva-scaled.jpg", "geneva.jpg" and "geneva-300x200.jpg"; for
 * "plan-300x200.png" (a file of its own) only "plan-300x200-150x100.png", never "plan-640x480.png".
 */
export function isSizeOf(candidate: string, file: string): boolean {
  return candidate !== '' && originalUploadName(candidate) === baseUploadName(file);
}

/**
 * The key an address of an uploaded file is matched by: the host, and the path under the uploads
 * folder of the file as named (`as-is`), of the file its sizes are named after (`base`: an
 * uploaded file's key), or of the file it would be a size of (`original`). A path without a host
 * is on the site itself. Undefined when the address is not an upload.
 */
export function uploadKeyOf(address: string, siteHost: string, form: 'as-is' | 'base' | 'original'): string | undefined {
  let url: URL;
  let path: string;
  try {
    url = new URL(address.trim(), `https://${siteHost}/`);
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const at = path.indexOf(UPLOADS_SEGMENT);
  if (at === -1) return undefined;
  const file = path.slice(at + UPLOADS_SEGMENT.length);
  if (file === '' || file.endsWith('/')) return undefined;
  const name = form === 'as-is' ? file : form === 'base' ? baseUploadName(file) : originalUploadName(file);
  return `${url.host.toLowerCase()}${path.slice(0, at)}${UPLOADS_SEGMENT}${name.normalize('NFC')}`;
}

/** The host of a site's address ("https://old.example/blog" → "old.example"); "" when it has none. */
export function hostOf(siteAddress: string): string {
  try {
    return new URL(siteAddress).host.toLowerCase();
  } catch {
    return '';
  }
}
