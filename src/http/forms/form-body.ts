import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Refuses a request body over `maxSize` bytes by throwing `tooLarge`. A body that states its
 * length is judged by its Content-Length (Node reads no more than that), without touching it;
 * Hono's bodyLimit, which counts a chunked body as it streams, would first build the web Request
 * and its body stream (5 % of the server's CPU time in a flood of comments), and then the form
 * could not be read straight from the socket.
 */
export function limitBody<E extends object>(maxSize: number, tooLarge: () => HTTPException): MiddlewareHandler<E> {
  const streamed = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number(length) > maxSize) throw tooLarge();
    await next();
  };
}

/**
 * A submitted form as one string per field. A field sent twice, a file, a body that is not a
 * form, or one that cannot be parsed is a client error (4xx), not something to guess about.
 */
export async function readFormFields(c: Context): Promise<Record<string, string>> {
  return (await readForm(c, new Set())).fields;
}

/** A file sent with a form: its name as the browser gave it (only a hint) and its bytes. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * A submitted form whose fields named in `fileFields` may carry files (several each). A file
 * input left empty is sent as a nameless empty file, and is left out.
 */
export async function readForm(
  c: Context,
  fileFields: ReadonlySet<string>,
): Promise<{ fields: Record<string, string>; files: Record<string, UploadedFile[]> }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type)) {
    throw new HTTPException(415, { message: 'Send this form as application/x-www-form-urlencoded or multipart/form-data.' });
  }
  let entries: Iterable<[string, FormDataEntryValue]>;
  try {
    // A URL-encoded form (every comment and most admin forms) is read as text, straight from the
    // socket, and split by URLSearchParams, which is how FormData reads one too; going through
    // the Request's web stream and FormData builds objects a form post has no use for.
    entries = type === 'multipart/form-data' ? (await c.req.raw.formData()).entries() : new URLSearchParams(await c.req.text()).entries();
  } catch {
    throw new HTTPException(400, { message: 'The form could not be read. Please try sending it again.' });
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const files: Record<string, UploadedFile[]> = Object.create(null) as Record<string, UploadedFile[]>;
  for (const [name, value] of entries) {
    if (typeof value !== 'string' && fileFields.has(name)) {
      if (value.size === 0 && value.name === '') continue;
      (files[name] ??= []).push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
      continue;
    }
    if (typeof value !== 'string') throw new HTTPException(400, { message: `The field "${name}" cannot be a file.` });
    if (Object.hasOwn(fields, name)) {
      throw new HTTPException(400, { message: `The field "${name}" was sent more than once.` });
    }
    fields[name] = value;
  }
  return { fields, files };
}
