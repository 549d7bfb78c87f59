import { shownImage, type ShownImage } from '../domain/media.ts';
import { findMediaByIds } from './media.ts';
import type { Post, PostLink, PostSummary } from '../domain/posts.ts';
import { trustSanitizedHtml } from '../domain/safe-html.ts';
import { fromDbBool, fromDbTime, toDbTime } from './codecs.ts';
import { listCorrections } from './corrections.ts';
import type { Executor } from './db.ts';
import { listSourcesOfPosts } from './sources.ts';
import { listTermsOfPosts } from './terms.ts';

/**
 * Posts readers can see at `now`, with their authors, as lists show them: published, with a
 * date that has come (a scheduled post stays hidden until its time). Search and archives add
 * their own conditions.
 */
export function selectSummaries(db: Executor, now: Date) {
  return selectSummaryColumns(db)
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .where('posts.published_at', '<=', toDbTime(now));
}

/** The columns of a summary, whoever the post is. */
function selectSummaryColumns(db: Executor) {
  return db
    .selectFrom('posts')
    .innerJoin('authors', 'authors.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.excerpt',
      'posts.published_at',
      'posts.label',
      'posts.word_count',
      'posts.featured_media_id',
      'authors.id as author_id',
      'authors.slug as author_slug',
      'authors.display_name as author_name',
    ]);
}

/**
 * Whether a post read by its id is live at `now`: selectSummaries' conditions, checked in code.
 * Posts looked up by a list of ids are read by primary key and tested here, because SQLite (which
 * plans from the schema, without statistics) would otherwise take the (status, published_at)
 * index and walk every published post to find a handful of ids: 0.4 ms for 5 ids, 0.7 ms for
 * 100, on 10,000 posts. Stored times sort as text (storage/codecs.ts).
 */
/** Stored times sort as text (storage/codecs.ts): the later one first. */
export const newerFirst = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);

function isLiveAt(row: { status: string; published_at: string | null }, now: Date): boolean {
  return row.status === 'published' && row.published_at !== null && row.published_at <= toDbTime(now);
}

/** Those of these posts that are live at `now`, with their dates, read by primary key (in no order). */
export async function liveAmong(db: Executor, ids: readonly number[], now: Date): Promise<Array<{ id: number; published_at: string | null }>> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('posts').select(['posts.id', 'posts.status', 'posts.published_at']).where('posts.id', 'in', ids).execute();
  return rows.filter((row) => isLiveAt(row, now));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow, sources: PostSummary['sources'], terms: PostSummary['terms'], featuredImage: ShownImage | null): PostSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    // Only published rows, which the CHECK constraint guarantees have a date, are selected.
    publishedAt: fromDbTime(row.published_at ?? ''),
    author: { id: row.author_id, slug: row.author_slug, displayName: row.author_name },
    sources,
    terms,
    label: row.label,
    wordCount: row.word_count,
    featuredImage,
  };
}

/** Summaries with their sources, categories, tags and featured images: up to three more queries for the whole list. */
export async function withRelations(db: Executor, rows: SummaryRow[]): Promise<PostSummary[]> {
  const ids = rows.map((r) => r.id);
  const sources = await listSourcesOfPosts(db, ids);
  const terms = await listTermsOfPosts(db, ids);
  const mediaIds = rows.flatMap((r) => (r.featured_media_id === null ? [] : [r.featured_media_id]));
  const media = await findMediaByIds(db, mediaIds);
  return rows.map((row) => {
    const item = row.featured_media_id === null ? undefined : media.get(row.featured_media_id);
    return toSummary(row, sources.get(row.id) ?? [], terms.get(row.id) ?? [], item ? shownImage(item) : null);
  });
}

export interface PublishedPostsQuery {
  /** Posts dated after this are scheduled, not yet shown. */
  now: Date;
  limit: number;
  offset?: number;
  /** Leave this post out (the article a "Latest Posts" list sits beside). */
  excludeId?: number;
  /** Only posts that draw on this outlet. */
  sourceId?: number;
  /** Only posts in this category or with this tag. */
  termId?: number;
  authorId?: number;
  /** Only posts published in [start, end). */
  publishedFrom?: Date;
  publishedBefore?: Date;
}

/** Published posts matching a query's filters, before ordering and paging. */
function selectPublished(db: Executor, query: PublishedPostsQuery) {
  let q = selectSummaries(db, query.now);
  if (query.excludeId !== undefined) q = q.where('posts.id', '<>', query.excludeId);
  if (query.sourceId !== undefined) {
    const sourceId = query.sourceId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_sources')
          .select('post_sources.post_id')
          .whereRef('post_sources.post_id', '=', 'posts.id')
          .where('post_sources.source_id', '=', sourceId),
      ),
    );
  }
  if (query.termId !== undefined) {
    const termId = query.termId;
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('post_terms').select('post_terms.post_id').whereRef('post_terms.post_id', '=', 'posts.id').where('post_terms.term_id', '=', termId),
      ),
    );
  }
  if (query.authorId !== undefined) q = q.where('posts.author_id', '=', query.authorId);
  if (query.publishedFrom) q = q.where('posts.published_at', '>=', toDbTime(query.publishedFrom));
  if (query.publishedBefore) q = q.where('posts.published_at', '<', toDbTime(query.publishedBefore));
  return q;
}

/** Published posts, newest first. Ties on the date break by id so pages never overlap. */
export async function listPublishedPosts(db: Executor, query: PublishedPostsQuery): Promise<PostSummary[]> {
  const fromLinks = await pageOfFewLinked(db, query);
  if (fromLinks) return summariesInOrder(db, fromLinks, query.now);
  const rows = await selectPublished(db, query)
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .execute();
  return withRelations(db, rows);
}

/**
 * The newest published posts as links (headline, address, date), without the summaries' authors,
 * sources and categories: a "Latest Posts" list shows none of them, and reading them took two
 * more queries per article.
 */
export async function listLatestPostLinks(db: Executor, query: { now: Date; limit: number; excludeId?: number }): Promise<PostLink[]> {
  let q = db
    .selectFrom('posts')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.published_at'])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .where('posts.published_at', '<=', toDbTime(query.now));
  if (query.excludeId !== undefined) q = q.where('posts.id', '<>', query.excludeId);
  const rows = await q.orderBy('posts.published_at', 'desc').orderBy('posts.id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({ id: row.id, slug: row.slug, title: row.title, publishedAt: fromDbTime(row.published_at ?? '') }));
}

/** An archive of a category, tag or outlet with more posts than this walks the posts newest first, as the home page does. */
const FEW_LINKED = 300;

/**
 * The ids of one page of an archive of a category, tag or outlet with few posts, read from its
 * links: walking every post newest first to find them (the plan SQLite takes, having no
 * statistics to tell a rare term from a busy one) reads the whole site for an outlet cited once,
 * 2 ms on 10,000 posts and ten times that on 100,000. A busy archive finds its page after a few
 * dozen posts that way, so past FEW_LINKED it does. Undefined when the walk is the way.
 */
async function pageOfFewLinked(db: Executor, query: PublishedPostsQuery): Promise<number[] | undefined> {
  const { termId, sourceId } = query;
  const otherFilters = query.excludeId ?? query.authorId ?? query.publishedFrom ?? query.publishedBefore;
  if ((termId === undefined) === (sourceId === undefined) || otherFilters !== undefined) return undefined;
  const linked =
    termId !== undefined
      ? await db
          .selectFrom('post_terms')
          .select('post_terms.post_id')
          .where('post_terms.term_id', '=', termId)
          .limit(FEW_LINKED + 1)
          .execute()
      : await db
          .selectFrom('post_sources')
          .select('post_sources.post_id')
          .where('post_sources.source_id', '=', sourceId!)
          .limit(FEW_LINKED + 1)
          .execute();
  if (linked.length > FEW_LINKED) return undefined;
  if (linked.length === 0) return [];
  const posts = await liveAmong(
    db,
    linked.map((link) => link.post_id),
    query.now,
  );
  const offset = query.offset ?? 0;
  return posts
    .sort((a, b) => newerFirst(a.published_at ?? '', b.published_at ?? '') || b.id - a.id)
    .slice(offset, offset + query.limit)
    .map((post) => post.id);
}

/**
 * Pinned rows read for the home page, live or not, newest pin first: a pinned draft or scheduled
 * post waits here unshown, and more than a few such would be a forgotten pin each.
 */
const PINNED_ROWS_READ = 20;

export interface HomeFirstPage {
  /** Pinned posts readers can see, newest pin first. */
  pinned: PostSummary[];
  /** The newest `perPage` posts, less those pinned above. */
  latest: PostSummary[];
  hasNext: boolean;
}

/**
 * The home page's first page: the pinned posts, then the latest as any page lists them, without
 * the pinned ones a second time (so page 2 starts where it always did). One query more than
 * another page: the pinned rows, read through their own small index (migration 033) and tested
 * for being live in code, so no plan can walk the published posts to find them.
 */
export async function listHomeFirstPage(db: Executor, query: { now: Date; perPage: number; pinnedLimit: number }): Promise<HomeFirstPage> {
  const pinnedRows = (
    await selectSummaryColumns(db)
      .select('posts.status')
      .where('posts.pinned_at', 'is not', null)
      .orderBy('posts.pinned_at', 'desc')
      .orderBy('posts.id', 'desc')
      .limit(PINNED_ROWS_READ)
      .execute()
  )
    .filter((row) => isLiveAt(row, query.now))
    .slice(0, query.pinnedLimit);
  const latestRows = await selectPublished(db, { now: query.now, limit: query.perPage + 1 })
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(query.perPage + 1)
    .execute();
  const pinnedIds = new Set(pinnedRows.map((row) => row.id));
  const shown = latestRows.slice(0, query.perPage).filter((row) => !pinnedIds.has(row.id));
  const summaries = await withRelations(db, [...pinnedRows, ...shown]);
  return { pinned: summaries.slice(0, pinnedRows.length), latest: summaries.slice(pinnedRows.length), hasNext: latestRows.length > query.perPage };
}

/** A published post with its whole body and its last edit, as a feed carries it. */
export type PostWithBody = PostSummary & Pick<Post, 'bodyHtml' | 'updatedAt'>;

/** The same list as listPublishedPosts, each post with its body: for feeds, which carry whole articles. */
export async function listPublishedPostsWithBodies(db: Executor, query: PublishedPostsQuery): Promise<PostWithBody[]> {
  const rows = await selectPublished(db, query)
    .select(['posts.body_html', 'posts.updated_at'])
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .execute();
  const summaries = await withRelations(db, rows);
  return summaries.map((summary, i) => ({
    ...summary,
    bodyHtml: trustSanitizedHtml(rows[i]!.body_html),
    updatedAt: fromDbTime(rows[i]!.updated_at),
  }));
}

export async function countPublishedPosts(db: Executor, now: Date): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .where('published_at', '<=', toDbTime(now))
    .executeTakeFirstOrThrow();
  // PostgreSQL returns a count as a bigint string.
  return Number(row.count);
}

/** Where and when of published posts, oldest first so that earlier slices stay put as posts are added: for sitemaps. */
export async function listPublishedPostDates(
  db: Executor,
  query: { limit: number; offset: number; now: Date },
): Promise<Array<{ slug: string; publishedAt: Date; updatedAt: Date }>> {
  const rows = await db
    .selectFrom('posts')
    .select(['slug', 'published_at', 'updated_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .where('published_at', '<=', toDbTime(query.now))
    .orderBy('published_at')
    .orderBy('id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map((r) => ({ slug: r.slug, publishedAt: fromDbTime(r.published_at ?? ''), updatedAt: fromDbTime(r.updated_at) }));
}

/** A published post by its slug, with its body and sources. */
export async function findPublishedPostBySlug(db: Executor, slug: string, now: Date): Promise<Post | undefined> {
  const row = await selectSummaries(db, now)
    .select(['posts.status', 'posts.body_html', 'posts.updated_at', 'posts.comments_open', 'posts.image_url', 'posts.image_alt'])
    .where('posts.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const [summary] = await withRelations(db, [row]);
  if (!summary) return undefined;
  return {
    ...summary,
    status: row.status,
    bodyHtml: trustSanitizedHtml(row.body_html),
    updatedAt: fromDbTime(row.updated_at),
    commentsOpen: fromDbBool(row.comments_open),
    image: row.image_url ? { url: row.image_url, alt: row.image_alt ?? '' } : null,
    corrections: await listCorrections(db, row.id),
  };
}

/** A post readers can see at `now`, by its id (an old permalink's target). */
export async function findPublishedPostById(db: Executor, id: number, now: Date): Promise<{ slug: string; publishedAt: Date } | undefined> {
  const row = await selectSummaries(db, now).where('posts.id', '=', id).executeTakeFirst();
  return row && { slug: row.slug, publishedAt: fromDbTime(row.published_at ?? '') };
}

/** Whether a post exists and readers can see it; for the comment form's target. */
export async function findPublishedPostIdBySlug(
  db: Executor,
  slug: string,
  now: Date,
): Promise<{ id: number; commentsOpen: boolean; publishedAt: Date } | undefined> {
  const row = await db
    .selectFrom('posts')
    .select(['id', 'comments_open', 'published_at'])
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .where('published_at', '<=', toDbTime(now))
    .executeTakeFirst();
  return row && { id: row.id, commentsOpen: fromDbBool(row.comments_open), publishedAt: fromDbTime(row.published_at ?? '') };
}

/**
 * The summaries of posts already chosen and ordered by a ranking that read only their ids, in
 * that order. Their label and word count sit after the long body columns, so a ranking that
 * read them for every candidate paid for it (over a second for related posts on 100,000 posts).
 */
export async function summariesInOrder(db: Executor, ids: readonly number[], now: Date): Promise<PostSummary[]> {
  if (ids.length === 0) return [];
  const found = await selectSummaryColumns(db).select('posts.status').where('posts.id', 'in', ids).execute();
  const at = new Map(ids.map((id, i) => [id, i]));
  const rows = found.filter((row) => isLiveAt(row, now)).sort((a, b) => (at.get(a.id) ?? 0) - (at.get(b.id) ?? 0));
  return withRelations(db, rows);
}
