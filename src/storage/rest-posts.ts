import type { PostSummary } from '../domain/posts.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';
import { fromDbBool, fromDbTime, toDbTime } from './codecs.ts';
import type { SelectQueryBuilder } from 'kysely';
import type { Executor } from './db.ts';
import type { EditablePostRow } from './post-editor.ts';
import type { Schema } from './schema.ts';
import { likePattern } from './like-pattern.ts';
import { selectSummaries, withRelations } from './posts.ts';

/** What the REST API (/wp-json/wp/v2/posts) may filter and sort published posts by, as WordPress names them. */
export interface RestPostsQuery {
  /** Posts dated after this are scheduled, not yet shown. */
  now: Date;
  limit: number;
  offset: number;
  /** Words in the headline or the text, matched as a substring, as WordPress's `search` does. */
  search?: string;
  slugs?: readonly string[];
  /** Posts in any of these categories (and, with tags, with any of these tags). */
  categories?: readonly number[];
  tags?: readonly number[];
  authors?: readonly number[];
  include?: readonly number[];
  exclude?: readonly number[];
  /** Published strictly after / before these instants. */
  after?: Date;
  before?: Date;
  orderBy: 'date' | 'id' | 'title';
  order: 'asc' | 'desc';
  /** Only pinned posts (true) or only the others (false): WordPress's `sticky`. */
  sticky?: boolean;
}

/** Which posts a signed-in client's `status` filter reaches, beyond the live ones everyone sees. */
export interface RestPostsVisibility {
  /** Live, scheduled (WordPress's "future") and draft posts. */
  statuses: ReadonlyArray<'publish' | 'future' | 'draft'>;
  /** Only this byline's posts, except live ones when `othersLive`; undefined: everyone's (an editor). */
  ownAuthorId?: number;
  /** Whether others' live posts are listed too (not in the edit context, which shows only what the client may edit). */
  othersLive: boolean;
}

/** A published post with what the REST API shows of it beyond a summary. */
export interface RestPost extends PostSummary {
  bodyHtml: SafeHtml;
  updatedAt: Date;
  commentsOpen: boolean;
  /** Pinned to the top of the home page: WordPress's `sticky`. */
  pinned: boolean;
}

function selectMatching(db: Executor, query: RestPostsQuery) {
  return filtered(selectSummaries(db, query.now), query);
}

/** The query's filters on any select from posts. */
// biome-ignore lint/suspicious/noExplicitAny: any select from posts (and what it joins); the query's own types are kept
function filtered<QB extends SelectQueryBuilder<Schema, 'posts' | any, any>>(q: QB, query: RestPostsQuery): QB {
  let out = q as unknown as SelectQueryBuilder<Schema, 'posts', object>;
  if (query.search) {
    const pattern = likePattern(query.search);
    out = out.where((eb) => eb.or([eb(eb.fn('lower', ['posts.title']), 'like', pattern), eb(eb.fn('lower', ['posts.body_text']), 'like', pattern)]));
  }
  if (query.slugs?.length) out = out.where('posts.slug', 'in', query.slugs);
  if (query.authors?.length) out = out.where('posts.author_id', 'in', query.authors);
  if (query.include?.length) out = out.where('posts.id', 'in', query.include);
  if (query.exclude?.length) out = out.where('posts.id', 'not in', query.exclude);
  if (query.after) out = out.where('posts.published_at', '>', toDbTime(query.after));
  if (query.before) out = out.where('posts.published_at', '<', toDbTime(query.before));
  if (query.sticky !== undefined) out = out.where('posts.pinned_at', query.sticky ? 'is not' : 'is', null);
  for (const [kind, ids] of [
    ['category', query.categories],
    ['tag', query.tags],
  ] as const) {
    if (!ids?.length) continue;
    out = out.where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_terms')
          .innerJoin('terms', 'terms.id', 'post_terms.term_id')
          .select('post_terms.post_id')
          .whereRef('post_terms.post_id', '=', 'posts.id')
          .where('terms.kind', '=', kind)
          .where('post_terms.term_id', 'in', ids),
      ),
    );
  }
  return out as unknown as QB;
}

/**
 * The ids of one page of posts in any of the statuses asked, with how many match in all, for a
 * signed-in client; each is then read as the editor reads it. Drafts have no date yet and sort
 * by when they were created.
 */
export async function listRestPostIdsByStatus(db: Executor, query: RestPostsQuery, visibility: RestPostsVisibility): Promise<{ ids: number[]; total: number }> {
  const at = toDbTime(query.now);
  const select = () =>
    filtered(
      db
        .selectFrom('posts')
        .select('posts.id')
        .where((eb) => {
          const live = eb.and([eb('posts.status', '=', 'published'), eb('posts.published_at', '<=', at)]);
          const conditions = visibility.statuses.map((status) =>
            status === 'publish'
              ? live
              : status === 'future'
                ? eb.and([eb('posts.status', '=', 'published'), eb('posts.published_at', '>', at)])
                : eb('posts.status', '=', 'draft'),
          );
          const wanted = eb.or(conditions);
          if (visibility.ownAuthorId === undefined) return wanted;
          const own = eb('posts.author_id', '=', visibility.ownAuthorId);
          return visibility.othersLive && visibility.statuses.includes('publish') ? eb.or([eb.and([own, wanted]), live]) : eb.and([own, wanted]);
        }),
      query,
    );
  const counted = await select()
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  if (total === 0 || query.offset >= total) return { ids: [], total };
  const rows = await select()
    .orderBy(
      query.orderBy === 'date' ? (eb) => eb.fn.coalesce('posts.published_at', 'posts.created_at') : query.orderBy === 'id' ? 'posts.id' : 'posts.title',
      query.order,
    )
    .orderBy('posts.id', query.order)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { ids: rows.map((r) => r.id), total };
}

/** A post as its editor holds it, with what the REST API's edit view shows of it besides. */
export type RestEditableRow = EditablePostRow & { bodyHtml: SafeHtml; bodyText: string; createdAt: Date };

/** Posts by id as their editors hold them, in one query (a signed-in client's list of drafts). */
export async function listRestEditableRows(db: Executor, ids: readonly number[]): Promise<RestEditableRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.excerpt',
      'posts.body_markdown',
      'posts.body_html',
      'posts.body_text',
      'posts.label',
      'posts.comments_open',
      'posts.status',
      'posts.published_at',
      'posts.author_id',
      'posts.created_at',
      'posts.updated_at',
      'posts.featured_media_id',
      'posts.pinned_at',
      'authors.display_name',
    ])
    .where('posts.id', 'in', [...ids])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    bodyMarkdown: row.body_markdown,
    bodyHtml: trustSanitizedHtml(row.body_html),
    bodyText: row.body_text,
    label: row.label,
    commentsOpen: fromDbBool(row.comments_open),
    status: row.status,
    publishedAt: row.published_at === null ? null : fromDbTime(row.published_at),
    authorId: row.author_id,
    authorName: row.display_name,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
    featuredMediaId: row.featured_media_id,
    pinnedAt: row.pinned_at === null ? null : fromDbTime(row.pinned_at),
  }));
}

/** One page of published posts matching the query, with how many match in all: a count and a page, then one query each for sources and terms. */
export async function listRestPosts(db: Executor, query: RestPostsQuery): Promise<{ posts: RestPost[]; total: number }> {
  const counted = await selectMatching(db, query)
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  // PostgreSQL returns a count as a bigint string.
  const total = Number(counted.count);
  if (total === 0 || query.offset >= total) return { posts: [], total };
  const column = query.orderBy === 'date' ? 'posts.published_at' : query.orderBy === 'id' ? 'posts.id' : 'posts.title';
  const rows = await selectMatching(db, query)
    .select(['posts.body_html', 'posts.updated_at', 'posts.comments_open', 'posts.pinned_at'])
    .orderBy(column, query.order)
    // Ties break by id so that pages never overlap.
    .orderBy('posts.id', query.order)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const summaries = await withRelations(db, rows);
  const posts = summaries.map((summary, i) => ({
    ...summary,
    bodyHtml: trustSanitizedHtml(rows[i]!.body_html),
    updatedAt: fromDbTime(rows[i]!.updated_at),
    commentsOpen: fromDbBool(rows[i]!.comments_open),
    pinned: rows[i]!.pinned_at !== null,
  }));
  return { posts, total };
}
