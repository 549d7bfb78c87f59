import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * A submitted form as one string per field. A field sent twice, a file, a body that is not a
 * form, or one that cannot be parsed is a client error (4xx), not something to guess about.
 */
export async function readFormFields(c: Context): Promise<Record<string, string>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type)) {
    throw new HTTPException(415, { message: 'Send this form as application/x-www-form-urlencoded or multipart/form-data.' });
  }
  let entries: Iterable<[string, FormDataEntryValue]>;
  try {
    // A URL-encoded form (every comment and most admin forms) is read as text, straight from the
    // socket, and split by URLSearchParams, which is how FormData reads one too; going through
    // the Request's web stream and FormData cost about a fifth of a comment's CPU time.
    entries = type === 'multipart/form-data' ? (await c.req.raw.formData()).entries() : new URLSearchParams(await c.req.text()).entries();
  } catch {
    throw new HTTPException(400, { message: 'The form could not be read. Please try sending it again.' });
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw new HTTPException(400, { message: `The field "${name}" cannot be a file.` });
    if (Object.prototype.hasOwnProperty.call(fields, name)) {
      throw new HTTPException(400, { message: `The field "${name}" was sent more than once.` });
    }
    fields[name] = value;
  }
  return fields;
}
