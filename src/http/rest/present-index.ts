import type { RestSource } from '../../services/rest.ts';
import { offsetMinutesAt } from '../../domain/time-zone.ts';
import { REST_ROOT } from './present-post.ts';
import { CommentsParams, MediaParams, PagesParams, PostsParams, SearchParams, SourcesParams, TermsParams, UsersParams } from './rest-params.ts';

/** The namespaces served: WordPress's own, and Wirepress's for what WordPress has no word for (outlets). */
export const NAMESPACES = ['wp/v2', 'wirepress/v1'] as const;

const ITEM_ARGS = ['_fields', 'context', '_embed'];
/** What an item's route takes besides reading, with an application password. */
const ITEM_WRITES = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Each route as WordPress's index names it (node-wpapi builds its request methods from these), with its query parameters. */
const ROUTES: ReadonlyArray<{ route: string; namespace: string; args: readonly string[]; methods?: readonly string[] }> = [
  { route: '/wp/v2/posts', namespace: 'wp/v2', args: Object.keys(PostsParams.shape), methods: ['GET', 'POST'] },
  { route: '/wp/v2/posts/(?P<id>[\\d]+)', namespace: 'wp/v2', args: ITEM_ARGS, methods: ITEM_WRITES },
  { route: '/wp/v2/pages', namespace: 'wp/v2', args: Object.keys(PagesParams.shape), methods: ['GET', 'POST'] },
  { route: '/wp/v2/pages/(?P<id>[\\d]+)', namespace: 'wp/v2', args: ITEM_ARGS, methods: ITEM_WRITES },
  { route: '/wp/v2/media', namespace: 'wp/v2', args: Object.keys(MediaParams.shape), methods: ['GET', 'POST'] },
  { route: '/wp/v2/media/(?P<id>[\\d]+)', namespace: 'wp/v2', args: ITEM_ARGS, methods: ITEM_WRITES },
  { route: '/wp/v2/categories', namespace: 'wp/v2', args: Object.keys(TermsParams.shape) },
  { route: '/wp/v2/categories/(?P<id>[\\d]+)', namespace: 'wp/v2', args: ITEM_ARGS },
  { route: '/wp/v2/tags', namespace: 'wp/v2', args: Object.keys(TermsParams.shape) },
  { route: '/wp/v2/tags/(?P<id>[\\d]+)', namespace: 'wp/v2', args: ITEM_ARGS },
  { route: '/wp/v2/users', namespace: 'wp/v2', args: Object.keys(UsersParams.shape) },
  { route: '/wp/v2/users/(?P<id>[\\d]+)', namespace: 'wp/v2', args: ITEM_ARGS },
  { route: '/wp/v2/users/me', namespace: 'wp/v2', args: ITEM_ARGS },
  { route: '/wp/v2/comments', namespace: 'wp/v2', args: Object.keys(CommentsParams.shape), methods: ['GET', 'POST'] },
  { route: '/wp/v2/comments/(?P<id>[\\d]+)', namespace: 'wp/v2', args: ITEM_ARGS, methods: ITEM_WRITES },
  { route: '/wp/v2/search', namespace: 'wp/v2', args: Object.keys(SearchParams.shape) },
  { route: '/wp/v2/types', namespace: 'wp/v2', args: ['context'] },
  { route: '/wp/v2/types/(?P<type>[\\w-]+)', namespace: 'wp/v2', args: ['context'] },
  { route: '/wp/v2/taxonomies', namespace: 'wp/v2', args: ['context', 'type'] },
  { route: '/wp/v2/taxonomies/(?P<taxonomy>[\\w-]+)', namespace: 'wp/v2', args: ['context'] },
  { route: '/wp/v2/statuses', namespace: 'wp/v2', args: ['context'] },
  { route: '/wp/v2/statuses/(?P<status>[\\w-]+)', namespace: 'wp/v2', args: ['context'] },
  { route: '/wirepress/v1/sources', namespace: 'wirepress/v1', args: Object.keys(SourcesParams.shape) },
];

function presentRoutes(origin: string, namespace?: string) {
  const routes: Record<string, unknown> = {};
  const entry = (ns: string, args: readonly string[], self?: string, methods: readonly string[] = ['GET']) => ({
    namespace: ns,
    methods,
    endpoints: [{ methods, args: Object.fromEntries(args.map((name) => [name, { required: false }])) }],
    ...(self ? { _links: { self: [{ href: self }] } } : {}),
  });
  for (const ns of NAMESPACES) {
    if (namespace && ns !== namespace) continue;
    routes[`/${ns}`] = entry(ns, ['namespace', 'context'], `${origin}${REST_ROOT}/${ns}`);
    for (const r of ROUTES) {
      if (r.namespace !== ns) continue;
      routes[r.route] = entry(ns, r.args, r.route.includes('(?P') ? undefined : `${origin}${REST_ROOT}${r.route}`, r.methods);
    }
  }
  return routes;
}

/**
 * /wp-json/: what the site is and what it serves, as WordPress's index says it: its time zone by
 * name, and its offset from UTC now in hours (5.5 for India), which clients add to `date_gmt`.
 */
export function presentIndex(origin: string, site: { title: string; tagline: string; timezone: string }, now: Date) {
  return {
    name: site.title,
    description: site.tagline,
    url: origin,
    home: origin,
    gmt_offset: offsetMinutesAt(now, site.timezone) / 60,
    timezone_string: site.timezone,
    namespaces: [...NAMESPACES],
    // WordPress's way of telling clients where a user makes an application password.
    authentication: { 'application-passwords': { endpoints: { authorization: `${origin}/admin/account/` } } },
    routes: { '/': { namespace: '', methods: ['GET'], endpoints: [{ methods: ['GET'], args: { context: { required: false } } }] }, ...presentRoutes(origin) },
    _links: { help: [{ href: 'https://developer.wordpress.org/rest-api/' }] },
  };
}

/** /wp-json/<namespace>: its routes. */
export function presentNamespace(origin: string, namespace: string) {
  return { namespace, routes: presentRoutes(origin, namespace), _links: { up: [{ href: `${origin}${REST_ROOT}/` }] } };
}

/** An outlet as /wp-json/wirepress/v1/sources gives it. */
export function presentSource(origin: string, source: RestSource) {
  return {
    id: source.id,
    name: source.name,
    full_name: source.fullName,
    slug: source.slug,
    homepage_url: source.homepageUrl,
    link: `${origin}/source/${encodeURIComponent(source.slug)}/`,
    count: source.count,
    _links: {
      self: [{ href: `${origin}${REST_ROOT}/wirepress/v1/sources?slug=${encodeURIComponent(source.slug)}` }],
      collection: [{ href: `${origin}${REST_ROOT}/wirepress/v1/sources` }],
      'wp:post_type': [{ href: `${origin}${REST_ROOT}/wp/v2/posts` }],
    },
  };
}
