import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import { UnusableImageError } from '../../domain/media.ts';
import { can, type User } from '../../domain/users.ts';
import { checkMediaDetails, describeMediaFromRest, fileNameForTitle, listMediaForRest, removeMedia, uploadMedia } from '../../services/media.ts';
import { MediaBusyError, type UploadBudget } from '../../services/media-variants.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { RETRY_AFTER_SECONDS } from '../errors.tsx';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from '../forms/form-text.ts';
import { originForLinks } from '../site-origin.ts';
import { presentMedia } from './present-media.ts';
import { REST_ROOT } from './present-post.ts';
import { refusalStatus } from './rest-auth.ts';
import { parseBody, readRestBody } from './rest-body.ts';
import { forceRequested, rowId } from './rest-params.ts';
import { restError } from './rest-response.ts';

/** Room for a multipart body's boundaries and text fields around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** What a client may say of an image, in WordPress's names (`title` is the library's file name). */
const MediaTextBody = z.object({
  title: z
    .union([z.string(), z.object({ raw: z.string() }).transform((v) => v.raw)], 'title is not of type string.')
    .refine((value) => value.length <= 500, 'title is too long.')
    .optional(),
  alt_text: z.string('alt_text is not of type string.').optional(),
  caption: z.union([z.string(), z.object({ raw: z.string() }).transform((v) => v.raw)], 'caption is not of type string.').optional(),
});

const CREATE_REFUSAL: [string, string] = ['rest_cannot_create', 'Sorry, you are not allowed to upload media on this site.'];

/**
 * A request body read up to `limit` bytes, its bytes drawn from the process's upload budget as
 * they arrive (the admin's uploads draw on the same): 'too large' as soon as it passes the limit,
 * 'busy' when the process already holds its budget of uploads, without reading the rest either way.
 * `release` gives the bytes back once the request is answered.
 */
async function readLimitedBody(
  c: Context<AppEnv>,
  limit: number,
  budget: UploadBudget,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; release: () => void } | 'too large' | 'busy'> {
  const length = c.req.header('content-length');
  if (length !== undefined && Number(length) > limit) return 'too large';
  const stream = c.req.raw.body;
  if (!stream) return { bytes: new Uint8Array(), release: () => {} };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit || !budget.take(value.length)) {
      await reader.cancel();
      budget.give(size - value.length); // this chunk was not taken
      return size > limit ? 'too large' : 'busy';
    }
    chunks.push(value);
  }
  let released = false;
  return {
    bytes: Buffer.concat(chunks),
    release: () => {
      if (!released) budget.give(size);
      released = true;
    },
  };
}

/** The file name of `Content-Disposition: attachment; filename="x.jpg"` (or RFC 6266's `filename*=UTF-8''…`). */
export function dispositionFileName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      return undefined;
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  return name?.trim() || undefined;
}

/**
 * Photos written by REST clients: uploads (a raw body named by Content-Disposition, or a
 * multipart form with a `file` part, the two ways WordPress takes them), through the library's
 * own uploadMedia; changes of alt text, caption and title; and deletion. The library's rules
 * decide who may do what.
 */
export function restMediaWriteRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const media = deps.media;
  if (!media) throw new Error('buildApp sets the media before the routes are built');
  const maxBytes = media.options.maxUploadBytes;
  const maxMb = Math.round(maxBytes / 1024 / 1024);
  const v2 = `${REST_ROOT}/wp/v2`;
  const both = (path: string) => [path, `${path}/`];
  const busy = (c: Context<AppEnv>) => {
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return restError(c, 503, 'rest_upload_busy', 'The site is busy with other uploads. Try again in a moment.');
  };
  const tooLarge = (c: Context<AppEnv>) =>
    restError(c, 413, 'rest_upload_file_too_big', `The file is larger than ${maxMb} MB. Make it smaller and upload it again.`);

  /** The image as a writer sees it: the whole library is theirs to read. */
  const sendMedia = async (c: Context<AppEnv>, id: number, status: 200 | 201) => {
    const user = c.get('restUser');
    const found = (await listMediaForRest(db, user, { now: now(), limit: 1, offset: 0, include: [id], order: 'desc' })).media[0];
    if (!found) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = presentMedia(originForLinks(c, deps), found, (await loadSiteSettings(db)).timezone);
    if (status === 201) c.header('Location', body._links.self[0]!.href);
    return c.json(body, status);
  };

  /** A refusal or a bad value of the library's, in WordPress's terms. */
  const mediaFailure = (c: Context<AppEnv>, error: unknown, refusal: [string, string]): Response => {
    if (error instanceof UnusableImageError) {
      return restError(c, error.status, error.status === 415 ? 'rest_upload_invalid_type' : 'rest_upload_invalid_image', error.message);
    }
    if (error instanceof MediaBusyError) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return restError(c, 503, 'rest_upload_busy', 'The site is busy with other images. Try again in a moment.');
    }
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'not_found') return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (error.code === 'forbidden') return restError(c, 403, refusal[0], `${refusal[1]} ${error.message}`);
    if (error.code === 'conflict') return restError(c, 409, 'rest_media_in_use', error.message);
    const params = Object.fromEntries(Object.entries(error.fields).map(([field, message]) => [field === 'alt' ? 'alt_text' : field, message]));
    return restError(c, 400, 'rest_invalid_param', error.message, Object.keys(params).length ? { params } : {});
  };

  /** Alt text and caption as the library checks them: control characters are refused by name. */
  const textFailure = (c: Context<AppEnv>, text: z.infer<typeof MediaTextBody>): Response | undefined => {
    for (const [name, value] of Object.entries(text)) {
      if (typeof value === 'string' && hasControlCharacters(value)) {
        return restError(c, 400, 'rest_invalid_param', `Invalid parameter(s): ${name}`, { params: { [name]: `${name}: ${CONTROL_CHARACTERS_MESSAGE}` } });
      }
    }
    return undefined;
  };

  app.on('POST', both(`${v2}/media`), async (c) => {
    const user = c.get('restUser');
    if (!user || !can(user, 'write')) return restError(c, refusalStatus(c), 'rest_cannot_create', 'Sorry, you are not allowed to upload media on this site.');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const multipart = type === 'multipart/form-data';
    const read = await readLimitedBody(c, multipart ? maxBytes + MULTIPART_OVERHEAD_BYTES : maxBytes, media.uploadBudget);
    if (read === 'too large') return tooLarge(c);
    if (read === 'busy') return busy(c);
    try {
      return await createMedia(c, user, read.bytes, multipart);
    } finally {
      read.release();
    }
  });

  /** Stores the image a client sent (its bytes read whole, within the budget) with its words. */
  const createMedia = async (c: Context<AppEnv>, user: User, bytes: Uint8Array<ArrayBuffer>, multipart: boolean): Promise<Response> => {
    const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [name, value] of new URL(c.req.url).searchParams) if (name !== 'rest_route') fields[name] = value;
    let file: { name: string; bytes: Uint8Array } | undefined;
    if (multipart) {
      let form: FormData;
      try {
        form = await new Response(bytes, { headers: { 'content-type': c.req.header('content-type')! } }).formData();
      } catch {
        return restError(c, 400, 'rest_upload_no_data', 'The form could not be read. Send the file again.');
      }
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields[name] = value;
        else if (name === 'file' && !file) file = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
      }
      if (!file || file.bytes.length === 0) return restError(c, 400, 'rest_upload_no_data', 'No data supplied: send the image as the form’s "file" part.');
    } else {
      const name = dispositionFileName(c.req.header('content-disposition'));
      if (!name)
        return restError(c, 400, 'rest_upload_no_content_disposition', 'No Content-Disposition supplied: name the file with attachment; filename="…".');
      if (bytes.length === 0) return restError(c, 400, 'rest_upload_no_data', 'No data supplied.');
      file = { name, bytes };
    }
    if (file.bytes.length > maxBytes) return tooLarge(c);
    const text = parseBody(c, MediaTextBody, fields);
    if (text instanceof Response) return text;
    const bad = textFailure(c, text);
    if (bad) return bad;
    // The words are checked before the image is decoded, and stored with it in one transaction.
    const checked = await checkMediaDetails(db, { alt: text.alt_text ?? '', caption: text.caption ?? '', credit: '', creditSource: '' });
    if ('errors' in checked) return mediaFailure(c, new DomainError('invalid', Object.values(checked.errors)[0]!, checked.errors), CREATE_REFUSAL);
    const name = text.title === undefined ? file.name : fileNameForTitle(text.title, file.name);
    try {
      const [id] = await uploadMedia(db, media, user, [{ name, bytes: file.bytes }], checked.details, now());
      return await sendMedia(c, id!, 201);
    } catch (error) {
      return mediaFailure(c, error, CREATE_REFUSAL);
    }
  };

  app.on(['POST', 'PUT', 'PATCH'], both(`${v2}/media/:id{[0-9]+}`), async (c) => {
    const user = c.get('restUser');
    const refusal: [string, string] = ['rest_cannot_edit', 'Sorry, you are not allowed to edit this post.'];
    if (!user) return restError(c, 401, ...refusal);
    const id = rowId(c);
    if (id === undefined) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    const text = parseBody(c, MediaTextBody, body);
    if (text instanceof Response) return text;
    const bad = textFailure(c, text);
    if (bad) return bad;
    try {
      await describeMediaFromRest(db, user, id, { alt: text.alt_text, caption: text.caption, title: text.title }, now());
      return await sendMedia(c, id, 200);
    } catch (error) {
      return mediaFailure(c, error, refusal);
    }
  });

  app.on('DELETE', both(`${v2}/media/:id{[0-9]+}`), async (c) => {
    const user = c.get('restUser');
    const refusal: [string, string] = ['rest_cannot_delete', 'Sorry, you are not allowed to delete this post.'];
    if (!user) return restError(c, 401, ...refusal);
    const id = rowId(c);
    if (id === undefined) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    // WordPress keeps no trash of attachments either: without force it answers 501.
    if (!forceRequested(body)) {
      return restError(c, 501, 'rest_trash_not_supported', 'The media does not support trashing. Set force=true to delete.');
    }
    try {
      const found = (await listMediaForRest(db, user, { now: now(), limit: 1, offset: 0, include: [id], order: 'desc' })).media[0];
      await removeMedia(db, user, id);
      if (!found) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
      return c.json({ deleted: true, previous: presentMedia(originForLinks(c, deps), found, (await loadSiteSettings(db)).timezone) });
    } catch (error) {
      return mediaFailure(c, error, refusal);
    }
  });
}
