import type { Context } from 'hono';
import { z } from 'zod';
import { REST_PAGE_STATUSES, REST_POST_STATUSES } from '../../services/rest-writes.ts';
import type { AppEnv } from '../app-env.ts';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from '../forms/form-text.ts';
import { DateTime, MAX_ROW_ID } from './rest-params.ts';
import { restError } from './rest-response.ts';

/** The largest body a REST write takes: a long article in Markdown, with room to spare. */
export const MAX_REST_BODY_BYTES = 2 * 1024 * 1024;

/** Fields that are lists when sent as a form (`categories[]=1&categories[]=2`, or `1,2`). */
const FORM_LIST_FIELDS = new Set(['categories', 'tags']);

/**
 * A write's parameters, from a JSON object or a form (the two ways WordPress clients send them),
 * merged over the query string's (WordPress reads both). A body it cannot read is WordPress's
 * rest_invalid_json (400); one too large, 413.
 */
export async function readRestBody(c: Context<AppEnv>): Promise<Record<string, unknown> | Response> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_REST_BODY_BYTES) return restError(c, 413, 'rest_body_too_large', 'The request body is too large.');
  const text = await c.req.text();
  if (text.length > MAX_REST_BODY_BYTES) return restError(c, 413, 'rest_body_too_large', 'The request body is too large.');
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of new URL(c.req.url).searchParams) if (name !== 'rest_route') out[name] = value;
  if (text.trim() === '') return out;
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return restError(c, 400, 'rest_invalid_json', 'Invalid JSON body passed.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return restError(c, 400, 'rest_invalid_json', 'Invalid JSON body passed.');
    return Object.assign(out, parsed);
  }
  if (type === 'application/x-www-form-urlencoded') {
    for (const [rawName, value] of new URLSearchParams(text)) {
      const name = rawName.endsWith('[]') ? rawName.slice(0, -2) : rawName;
      if (FORM_LIST_FIELDS.has(name)) {
        const before = Array.isArray(out[name]) ? (out[name] as string[]) : [];
        out[name] = [...before, ...value.split(',').filter((v) => v.trim() !== '')];
      } else out[name] = value;
    }
    return out;
  }
  return restError(c, 415, 'rest_unsupported_media_type', 'Send the parameters as application/json or application/x-www-form-urlencoded.');
}

/** Text as WordPress takes it: a string, or `{ raw: string }` as its edit view gives it back. */
const RestText = (name: string, max: number) =>
  z
    .union([z.string(), z.object({ raw: z.string() }).transform((v) => v.raw)], `${name} is not of type string.`)
    .refine((value) => value.length <= max, `${name} is too long.`)
    .refine((value) => !hasControlCharacters(value), `${name}: ${CONTROL_CHARACTERS_MESSAGE}`);

const Id = (name: string) =>
  z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^\d{1,10}$/)
          .transform(Number),
      ],
      `${name} is not of type integer.`,
    )
    .pipe(z.number().int(`${name} is not of type integer.`).min(1, `${name} is not a valid id.`).max(MAX_ROW_ID, `${name} is not a valid id.`));

const IdArray = (name: string) => z.array(Id(`${name}[]`), `${name} is not of type array.`).max(100, `${name} has too many items.`);

/** A post as a client writes it (WordPress's names); anything else sent is ignored, as WordPress ignores it. */
export const PostBody = z.object({
  title: RestText('title', 500).optional(),
  content: RestText('content', MAX_REST_BODY_BYTES).optional(),
  excerpt: RestText('excerpt', 5_000).optional(),
  slug: RestText('slug', 200).optional(),
  status: z.enum(REST_POST_STATUSES, 'status is not one of publish, future, draft, and pending.').optional(),
  date: z.union([DateTime('date'), z.null()]).optional(),
  date_gmt: z.union([DateTime('date_gmt'), z.null()]).optional(),
  categories: IdArray('categories').optional(),
  tags: IdArray('tags').optional(),
  comment_status: z.enum(['open', 'closed'], 'comment_status is not one of open and closed.').optional(),
  /** 0 takes the featured image away, as WordPress reads it. */
  featured_media: z.union([z.literal(0), z.literal('0'), Id('featured_media')]).optional(),
  sticky: z.boolean('sticky is not of type boolean.').optional(),
});

/** A page's limits, the page editor's (http/forms/page-form.ts): a title, a long ethics code, a small signed menu order. */
const MAX_PAGE_TITLE = 300;
const MAX_PAGE_BODY = 200_000;
const MAX_MENU_ORDER = 10_000;

/** A page as a client writes it (WordPress's names). */
export const PageBody = z.object({
  title: RestText('title', MAX_PAGE_TITLE).optional(),
  content: RestText('content', MAX_PAGE_BODY).optional(),
  slug: RestText('slug', 200).optional(),
  status: z.enum(REST_PAGE_STATUSES, 'status is not one of publish, draft, and pending.').optional(),
  parent: z.union([z.literal(0), z.literal('0'), Id('parent')]).optional(),
  menu_order: z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^-?\d{1,10}$/)
          .transform(Number),
      ],
      'menu_order is not of type integer.',
    )
    .pipe(
      z
        .number()
        .int('menu_order is not of type integer.')
        .min(-MAX_MENU_ORDER, `menu_order must be between ${-MAX_MENU_ORDER} and ${MAX_MENU_ORDER}.`)
        .max(MAX_MENU_ORDER, `menu_order must be between ${-MAX_MENU_ORDER} and ${MAX_MENU_ORDER}.`),
    )
    .optional(),
  comment_status: z.enum(['open', 'closed'], 'comment_status is not one of open and closed.').optional(),
});

/** WordPress's comment statuses a moderator may set, and the admin's action each one is. */
export const COMMENT_STATUS_ACTIONS = {
  approve: 'approve',
  approved: 'approve',
  '1': 'approve',
  hold: 'unapprove',
  '0': 'unapprove',
  spam: 'spam',
  trash: 'trash',
} as const;

/** A reader's comment as a client sends it; each field is then checked as the reply form checks it. */
export const CommentBody = z.object({
  post: Id('post').optional(),
  parent: z.union([z.literal(0), z.literal('0'), Id('parent')]).optional(),
  content: z.union([z.string(), z.object({ raw: z.string() }).transform((v) => v.raw)], 'content is not of type string.').optional(),
  author_name: z.string('author_name is not of type string.').optional(),
  author_email: z.string('author_email is not of type string.').optional(),
  author_url: z.string('author_url is not of type string.').optional(),
});

export const CommentModerationBody = z.object({
  content: z.union([z.string(), z.object({ raw: z.string() }).transform((v) => v.raw)], 'content is not of type string.').optional(),
  author_name: z.string('author_name is not of type string.').optional(),
  author_email: z.string('author_email is not of type string.').optional(),
  author_url: z.string('author_url is not of type string.').optional(),
  status: z
    .enum(Object.keys(COMMENT_STATUS_ACTIONS) as [keyof typeof COMMENT_STATUS_ACTIONS], 'status is not one of approve, hold, spam, and trash.')
    .optional(),
});

/** The body through a schema, or WordPress's rest_invalid_param answer naming each bad parameter. */
export function parseBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S, body: Record<string, unknown>): z.infer<S> | Response {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const params: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    params[name] ??= issue.message;
  }
  return restError(c, 400, 'rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, { params });
}
