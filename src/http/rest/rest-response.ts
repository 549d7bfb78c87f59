import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { queryOf } from './rest-params.ts';

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 501 | 503;

/** An error as WordPress's REST API gives one: a code clients branch on, a message, and the status again in `data`. */
export function restError(c: Context<AppEnv>, status: Status, code: string, message: string, data: Record<string, unknown> = {}): Response {
  return c.json({ code, message, data: { status, ...data } }, status);
}

export function noRoute(c: Context<AppEnv>): Response {
  return restError(c, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
}

/** The query string through a schema, or WordPress's rest_invalid_param answer naming each bad parameter. */
export function parseQuery<S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.infer<S> | Response {
  const parsed = schema.safeParse(queryOf(c.req.url));
  if (parsed.success) return parsed.data;
  const params: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    params[name] ??= issue.message;
  }
  return restError(c, 400, 'rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, { params });
}

/**
 * Only the fields a client named in `_fields` (`title`, or `title.rendered` for part of one), as
 * WordPress trims its answers; everything when it named none.
 */
export function pickFields(item: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields?.length) return item;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    if (!head || !Object.hasOwn(item, head)) continue;
    const value = item[head];
    if (rest.length === 0) out[head] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = pickFields(value as Record<string, unknown>, [rest.join('.')]);
      const before = out[head];
      out[head] = before && typeof before === 'object' ? { ...(before as object), ...inner } : inner;
    }
  }
  return out;
}

/**
 * A page of a collection, with WordPress's paging headers: X-WP-Total, X-WP-TotalPages, and
 * Link rel="prev"/"next" built from the request's own parameters (node-wpapi reads them).
 */
export function sendCollection(
  c: Context<AppEnv>,
  origin: string,
  items: ReadonlyArray<Record<string, unknown>>,
  paging: { total: number; page: number; perPage: number; fields: readonly string[] | undefined },
  /** Each item's `_embedded`, when the client asked for `_embed`. */
  embedded?: (item: Record<string, unknown>) => Record<string, unknown> | undefined,
): Response {
  const totalPages = Math.ceil(paging.total / paging.perPage);
  if (paging.page > totalPages && paging.total > 0) {
    return restError(c, 400, 'rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.');
  }
  c.header('X-WP-Total', String(paging.total));
  c.header('X-WP-TotalPages', String(totalPages));
  const request = new URL(c.req.url);
  const link = (page: number, rel: string) => {
    const params = new URLSearchParams(request.search);
    params.set('page', String(page));
    params.delete('rest_route');
    return `<${origin}${request.pathname}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (paging.page > 1) links.push(link(Math.min(paging.page - 1, Math.max(totalPages, 1)), 'prev'));
  if (paging.page < totalPages) links.push(link(paging.page + 1, 'next'));
  if (links.length > 0) c.header('Link', links.join(', '));
  return c.json(
    items.map((item) => {
      const picked = pickFields(item, paging.fields);
      const extra = embedded?.(item);
      return extra ? { ...picked, _embedded: extra } : picked;
    }),
  );
}
