import type { Context as RequestContext } from 'hono';
import { z } from 'zod';
import { firstInstantOfLocal, isCalendarDate, type LocalDateTime } from '../../domain/time-zone.ts';

/** The largest id a row can have (a 32-bit integer column on PostgreSQL): larger ones name nothing, and PostgreSQL would refuse to compare them. */
export const MAX_ROW_ID = 2_147_483_647;

/** A path's id when it can name a row; ids past the column's range name nothing. */
export function rowId(c: RequestContext): number | undefined {
  const id = Number(c.req.param('id'));
  return id >= 1 && id <= MAX_ROW_ID ? id : undefined;
}

/** A DELETE asking to delete for good (WordPress's `force`), which posts, pages and photos read alike. */
export function forceRequested(body: Record<string, unknown>): boolean {
  return body.force === true || body.force === 'true' || body.force === '1';
}

/** WordPress's cap on per_page: a client asking for more is told so, not given a smaller page. */
export const MAX_PER_PAGE = 100;

/** WordPress's default page size for every collection. */
export const DEFAULT_PER_PAGE = 10;

/** Parameters WordPress takes as lists: `a=1,2`, `a[]=1&a[]=2` (node-wpapi's form) or `a=1&a=2`. */
const LIST_PARAMS = new Set(['slug', 'categories', 'tags', 'author', 'include', 'exclude', 'post', 'parent', '_fields', '_embed', 'subtype', 'status']);

/** The query string as one value per scalar parameter (the last, as PHP reads it) and an array per list parameter. */
export function queryOf(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawName, value] of new URL(url).searchParams) {
    const name = rawName.endsWith('[]') ? rawName.slice(0, -2) : rawName;
    if (LIST_PARAMS.has(name)) {
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      out[name] = [...((out[name] as string[] | undefined) ?? []), ...items];
    } else out[name] = value;
  }
  return out;
}

/** Text a client sends: bounded, and without NUL, which PostgreSQL refuses in a parameter (a 500 otherwise). */
export const Text = (name: string, max: number) =>
  z
    .string()
    .max(max, `${name} is too long.`)
    .refine((value) => !value.includes('\u0000'), `${name} contains a NUL character.`);

const Integer = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} is not of type integer.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${name} must be between ${min} (inclusive) and ${max} (inclusive)`)
        .max(max, `${name} must be between ${min} (inclusive) and ${max} (inclusive)`),
    );

const IdList = (name: string) => z.array(Integer(`${name}[0]`, 1, MAX_ROW_ID)).max(MAX_PER_PAGE, `${name} has too many items.`);

/**
 * An RFC 3339 date, with or without its offset; without one it is the site's local time, which
 * here is UTC (WordPress reads it in the site's zone).
 */
/**
 * An ISO 8601 date and time as `after` and `before` take it. With an offset it is an instant;
 * without one it is the site's local time, as WordPress compares it with a post's local `date`,
 * and the route reads it in the site's time zone (instantOfRestTime).
 */
export const DateTime = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/i, `Invalid date.`)
    .refine((value) => Number.isFinite(new Date(/(?:Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`).getTime()), `${name} is not a valid date.`)
    .transform((value, ctx): RestTime => {
      if (/(?:Z|[+-]\d{2}:\d{2})$/i.test(value)) return { instant: new Date(value) };
      const [year, month, day, hour, minute, second] = value.split(/[-T:.]/i).map(Number) as [number, number, number, number, number, number];
      const local = { year, month, day, hour, minute, second };
      if (!isCalendarDate(local) || hour > 23 || minute > 59 || second > 59) ctx.addIssue({ code: 'custom', message: `${name} is not a valid date.` });
      return { local };
    });

/** A time from the query string: an instant, or a local date and time to read in the site's zone. */
export type RestTime = { instant: Date } | { local: LocalDateTime };

/**
 * The instant a REST time names in the site's time zone. A local time the clocks skipped is read
 * as the moment they jumped, one they passed twice as its first pass: a filter needs an answer.
 */
export function instantOfRestTime(time: RestTime | undefined, timeZone: string): Date | undefined {
  if (time === undefined) return undefined;
  return 'instant' in time ? time.instant : firstInstantOfLocal(time.local, timeZone);
}

const TRUE_WORDS = ['true', '1'];
const Flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], `${name} is not of type boolean.`)
    .transform((value) => TRUE_WORDS.includes(value))
    .optional();

/** Parameters every collection takes. */
const COLLECTION = {
  page: Integer('page', 1, 1_000_000).default(1),
  per_page: Integer('per_page', 1, MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
  search: Text('search', 200).optional(),
  include: IdList('include').optional(),
  exclude: IdList('exclude').optional(),
  order: z.enum(['asc', 'desc'], 'order is not one of asc and desc.').optional(),
  _fields: z.array(Text('_fields', 100)).max(50).optional(),
};

/**
 * `_embed`: the linked resources to put in `_embedded`; present with no value (or 1, true) for
 * all of them, as WordPress reads it.
 */
const Embed = z.array(Text('_embed', 50)).max(10).optional();

/** WordPress's `status` filter: a list of statuses, or `any`; anything but `publish` needs a signed-in writer. */
const Statuses = (values: readonly string[]) =>
  z.array(z.enum(values as [string, ...string[]], `status is not one of ${values.join(', ')}.`)).max(10, 'status has too many items.');

export const POST_STATUS_FILTERS = ['publish', 'future', 'draft', 'pending', 'private', 'any'] as const;
export const PAGE_STATUS_FILTERS = ['publish', 'draft', 'pending', 'private', 'any'] as const;

export const PostsParams = z.object({
  ...COLLECTION,
  status: Statuses(POST_STATUS_FILTERS).optional(),
  context: z.enum(['view', 'embed', 'edit'], 'context is not one of view, embed, and edit.').optional(),
  _embed: Embed,
  slug: z.array(Text('slug', 200)).max(MAX_PER_PAGE).optional(),
  categories: IdList('categories').optional(),
  tags: IdList('tags').optional(),
  author: IdList('author').optional(),
  orderby: z.enum(['date', 'id', 'title'], 'orderby is not one of date, id, and title.').default('date'),
  after: DateTime('after').optional(),
  before: DateTime('before').optional(),
  sticky: Flag('sticky'),
});
export type PostsParams = z.infer<typeof PostsParams>;

/** WordPress's views of an item: `edit` (raw fields) only for someone who may edit it. */
const Context = z.enum(['view', 'embed', 'edit'], 'context is not one of view, embed, and edit.').optional();

/** /pages: published pages, newest first as WordPress lists them, or by `menu_order` as menus want them. */
export const PagesParams = z.object({
  ...COLLECTION,
  status: Statuses(PAGE_STATUS_FILTERS).optional(),
  context: z.enum(['view', 'embed', 'edit'], 'context is not one of view, embed, and edit.').optional(),
  slug: z.array(Text('slug', 200)).max(MAX_PER_PAGE).optional(),
  parent: z
    .array(Integer('parent[0]', 0, MAX_ROW_ID))
    .max(MAX_PER_PAGE)
    .optional(),
  menu_order: Integer('menu_order', 0, MAX_ROW_ID).optional(),
  orderby: z
    .enum(['date', 'id', 'title', 'slug', 'menu_order', 'modified'], 'orderby is not one of date, id, title, slug, menu_order, and modified.')
    .default('date'),
});
export type PagesParams = z.infer<typeof PagesParams>;

/** /media: the library's images, newest first. */
export const MediaParams = z.object({
  ...COLLECTION,
  parent: IdList('parent').optional(),
  media_type: z.enum(['image'], 'media_type is not one of image.').optional(),
  orderby: z.enum(['date'], 'orderby is not one of date.').default('date'),
});

/** For a single item: `_fields`, and `context`. */
export const ItemParams = z.object({ _fields: COLLECTION._fields, context: Context, _embed: Embed });

/** /search: posts only (Wirepress has no other searchable type of content). */
export const SearchParams = z.object({
  page: COLLECTION.page,
  per_page: COLLECTION.per_page,
  search: COLLECTION.search,
  _fields: COLLECTION._fields,
  type: z.enum(['post'], 'type is not one of post.').optional(),
  subtype: z
    .array(z.enum(['post', 'any'], 'subtype[0] is not one of post, and any.'))
    .max(2)
    .optional(),
});

/** /types, /taxonomies, /statuses: only `context` and, for taxonomies, the type they belong to. */
export const MetaParams = z.object({ _fields: COLLECTION._fields, context: Context, type: Text('type', 50).optional() });

/** /categories and /tags: WordPress sorts them by name, A to Z. */
export const TermsParams = z.object({
  ...COLLECTION,
  slug: z.array(Text('slug', 200)).max(MAX_PER_PAGE).optional(),
  post: z
    .array(Integer('post', 1, MAX_ROW_ID))
    .max(1, 'post takes one id.')
    .optional(),
  hide_empty: Flag('hide_empty'),
  orderby: z.enum(['name', 'id', 'slug', 'count'], 'orderby is not one of name, id, slug, and count.').default('name'),
});
export type TermsParams = z.infer<typeof TermsParams>;

/** /users: the authors of live posts, by name. */
export const UsersParams = z.object({
  ...COLLECTION,
  slug: z.array(Text('slug', 200)).max(MAX_PER_PAGE).optional(),
  orderby: z.enum(['name', 'id', 'slug'], 'orderby is not one of name, id, and slug.').default('name'),
});

/** /comments: approved comments, newest first. */
export const CommentsParams = z.object({
  ...COLLECTION,
  post: IdList('post').optional(),
  parent: z
    .array(Integer('parent[0]', 0, MAX_ROW_ID))
    .max(MAX_PER_PAGE)
    .optional(),
  orderby: z.enum(['date', 'date_gmt', 'id'], 'orderby is not one of date, date_gmt, and id.').default('date_gmt'),
  after: DateTime('after').optional(),
  before: DateTime('before').optional(),
});

/** /wirepress/v1/sources: the outlets, by name. */
export const SourcesParams = z.object({
  page: COLLECTION.page,
  per_page: COLLECTION.per_page,
  include: COLLECTION.include,
  _fields: COLLECTION._fields,
  slug: z.array(Text('slug', 200)).max(MAX_PER_PAGE).optional(),
});
