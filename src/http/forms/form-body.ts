import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { UploadBudget } from '../../services/media-variants.ts';

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

/** How files are read from a multipart form. */
export interface FileLimits {
  /** Largest file kept: a bigger one is cut at one byte past it, so its handler refuses it by its length without the rest being held. */
  maxFileBytes: number;
  /** Most files read; those after it are dropped unread (give one more than a handler accepts, so that it can say so). */
  maxFiles: number;
  /** Shared by every request of the process; undefined for forms whose files are small (the site's logo). */
  budget?: UploadBudget;
}

/** A form as read: its fields, its files, whether files were dropped for want of memory, and the call that gives that memory back. */
export interface ReadForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile[]>;
  /** Files were sent but dropped: the process already holds its budget of uploads. */
  busy: boolean;
  /** Gives the files' bytes back to the budget; call once the request is answered. */
  release: () => void;
}

/** Longest text field in a multipart form: the admin's own limit on a whole form. */
const MAX_FIELD_BYTES = 2 * 1024 * 1024;
/** Fields a multipart form may carry: the post editor has a few dozen. */
const MAX_FIELDS = 1000;

function formError(message: string): HTTPException {
  return new HTTPException(400, { message });
}

/**
 * Reads a multipart form as it streams in (busboy), never the whole body at once: text fields are
 * kept, each file is gathered chunk by chunk while the budget allows and cut one byte past the
 * largest size accepted.
 */
function readMultipart(c: Context, fileFields: ReadonlySet<string>, limits: FileLimits): Promise<ReadForm> {
  const body = c.req.raw.body;
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const files: Record<string, UploadedFile[]> = Object.create(null) as Record<string, UploadedFile[]>;
  let taken = 0;
  let busy = false;
  const release = () => {
    limits.budget?.give(taken);
    taken = 0;
  };
  return new Promise<ReadForm>((resolve, reject) => {
    let failed: HTTPException | undefined;
    const fail = (error: HTTPException) => {
      failed ??= error;
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': c.req.header('content-type') ?? '' },
        // Browsers send file names as UTF-8, not the Latin-1 of the old standard.
        defParamCharset: 'utf8',
        limits: { fieldSize: MAX_FIELD_BYTES, fields: MAX_FIELDS, files: limits.maxFiles, fileSize: limits.maxFileBytes + 1 },
      });
    } catch {
      reject(formError('The form could not be read. Please try sending it again.'));
      return;
    }
    let pending = 0;
    let finished = false;
    const settle = () => {
      if (!finished || pending > 0) return;
      if (failed) {
        release();
        reject(failed);
      } else resolve({ fields, files, busy, release });
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new HTTPException(413, { message: `The field "${name}" is too long.` }));
      if (Object.hasOwn(fields, name)) fail(formError(`The field "${name}" was sent more than once.`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (!fileFields.has(name)) {
        fail(formError(`The field "${name}" cannot be a file.`));
        stream.resume();
        return;
      }
      pending += 1;
      const chunks: Buffer[] = [];
      let size = 0;
      let dropped = false;
      stream.on('data', (chunk: Buffer) => {
        if (dropped) return;
        if (limits.budget && !limits.budget.take(chunk.length)) {
          // Out of budget: this file's bytes go back at once, the rest of the body is read and dropped.
          dropped = true;
          busy = true;
          limits.budget.give(size);
          taken -= size;
          chunks.length = 0;
          return;
        }
        if (limits.budget) taken += chunk.length;
        chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('close', () => {
        pending -= 1;
        // An input left empty is sent as a nameless empty file (busboy gives its name as undefined), and is left out.
        if (!dropped && !(size === 0 && !info.filename)) {
          (files[name] ??= []).push({ name: info.filename ?? '', bytes: new Uint8Array(Buffer.concat(chunks, size)) });
        }
        settle();
      });
    });
    // Files past the limit are dropped unread: the handler, seeing one more than it takes, refuses them beside the field.
    parser.on('fieldsLimit', () => fail(formError('The form has too many fields.')));
    parser.on('error', () => {
      fail(formError('The form could not be read. Please try sending it again.'));
      finished = true;
      settle();
    });
    parser.on('close', () => {
      finished = true;
      settle();
    });
    if (!body) {
      parser.end();
      return;
    }
    const source = Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
    source.on('error', () => parser.destroy(new Error('the body ended early')));
    source.pipe(parser);
  });
}

/**
 * A submitted form whose fields named in `fileFields` may carry files (several each). A file
 * input left empty is sent as a nameless empty file, and is left out.
 */
export async function readForm(c: Context, fileFields: ReadonlySet<string>, limits?: FileLimits): Promise<ReadForm> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type)) {
    throw new HTTPException(415, { message: 'Send this form as application/x-www-form-urlencoded or multipart/form-data.' });
  }
  if (type === 'multipart/form-data') {
    return readMultipart(c, fileFields, limits ?? { maxFileBytes: MAX_FIELD_BYTES, maxFiles: MAX_FIELDS });
  }
  let entries: Iterable<[string, string]>;
  try {
    // A URL-encoded form (every comment and most admin forms) is read as text, straight from the
    // socket, and split by URLSearchParams, which is how FormData reads one too.
    entries = new URLSearchParams(await c.req.text()).entries();
  } catch {
    throw formError('The form could not be read. Please try sending it again.');
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of entries) {
    if (Object.hasOwn(fields, name)) throw formError(`The field "${name}" was sent more than once.`);
    fields[name] = value;
  }
  return { fields, files: Object.create(null) as Record<string, UploadedFile[]>, busy: false, release: () => {} };
}
