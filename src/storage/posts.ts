import type { Post, PostStatus, PostSummary } from '../domain/posts.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';
import type { PostLabel } from '../domain/terms.ts';
import { fromDbBool, fromDbTime, toDbBool, toDbTime } from './codecs.ts';
import { listCorrections } from './corrections.ts';
import type { Executor } from './db.ts';
import { listSourcesOfPosts } from './sources.ts';
import { listTermsOfPosts } from './terms.ts';

export interface PostInsert {
  slug: string;
  title: string;
  excerpt: string;
  bodyMarkdown: string;
  bodyHtml: SafeHtml;
  status: PostStatus;
  authorId: number;
  publishedAt: Date | null;
  commentsOpen: boolean;
  /** The body as plain text, and its words: for search, summaries and reading time. */
  bodyText: string;
  wordCount: number;
  label?: PostLabel | null;
  image?: { url: string; alt: string } | null;
}

export async function insertPost(db: Executor, post: PostInsert, now: Date): Promise<number> {
  const row = await db
    .insertInto('posts')
    .values({
      slug: post.slug,
      title: post.title,
      excerpt: post.excerpt,
      body_markdown: post.bodyMarkdown,
      body_html: post.bodyHtml,
      status: post.status,
      author_id: post.authorId,
      published_at: post.publishedAt && toDbTime(post.publishedAt),
      comments_open: toDbBool(post.commentsOpen),
      body_text: post.bodyText,
      word_count: post.wordCount,
      label: post.label ?? null,
      image_url: post.image?.url ?? null,
      image_alt: post.image?.alt ?? null,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function selectSummaries(db: Executor) {
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
      'authors.id as author_id',
      'authors.slug as author_slug',
      'authors.display_name as author_name',
    ])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow, sources: PostSummary['sources'], terms: PostSummary['terms']): PostSummary {
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
  };
}

/** Summaries with their sources, categories and tags: two more queries for the whole list. */
async function withRelations(db: Executor, rows: SummaryRow[]): Promise<PostSummary[]> {
  const ids = rows.map((r) => r.id);
  const sources = await listSourcesOfPosts(db, ids);
  const terms = await listTermsOfPosts(db, ids);
  return rows.map((row) => toSummary(row, sources.get(row.id) ?? [], terms.get(row.id) ?? []));
}

export interface PublishedPostsQuery {
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

/** Published posts, newest first. Ties on the date break by id so pages never overlap. */
export async function listPublishedPosts(db: Executor, query: PublishedPostsQuery): Promise<PostSummary[]> {
  let q = selectSummaries(db);
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
        eb
          .selectFrom('post_terms')
          .select('post_terms.post_id')
          .whereRef('post_terms.post_id', '=', 'posts.id')
          .where('post_terms.term_id', '=', termId),
      ),
    );
  }
  if (query.authorId !== undefined) q = q.where('posts.author_id', '=', query.authorId);
  if (query.publishedFrom) q = q.where('posts.published_at', '>=', toDbTime(query.publishedFrom));
  if (query.publishedBefore) q = q.where('posts.published_at', '<', toDbTime(query.publishedBefore));
  const rows = await q
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .execute();
  return withRelations(db, rows);
}

/** A published post by its slug, with its body and sources. */
export async function findPublishedPostBySlug(db: Executor, slug: string): Promise<Post | undefined> {
  const row = await selectSummaries(db)
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

/** Whether a post exists and readers can see it; for the comment form's target. */
export async function findPublishedPostIdBySlug(db: Executor, slug: string): Promise<{ id: number; commentsOpen: boolean; publishedAt: Date } | undefined> {
  const row = await db
    .selectFrom('posts')
    .select(['id', 'comments_open', 'published_at'])
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row && { id: row.id, commentsOpen: fromDbBool(row.comments_open), publishedAt: fromDbTime(row.published_at ?? '') };
}

/**
 * Published posts that share the most categories, tags and sources with this one (each shared
 * item counts one), newest first among equals. Posts that share nothing are left out.
 */
export async function listRelatedPosts(db: Executor, postId: number, limit: number): Promise<PostSummary[]> {
  const shared = db
    .selectFrom('post_terms as mine')
    .innerJoin('post_terms as theirs', 'theirs.term_id', 'mine.term_id')
    .select('theirs.post_id as post_id')
    .where('mine.post_id', '=', postId)
    .unionAll(
      db
        .selectFrom('post_sources as mine')
        .innerJoin('post_sources as theirs', 'theirs.source_id', 'mine.source_id')
        .select('theirs.post_id as post_id')
        .where('mine.post_id', '=', postId),
    );
  const ranked = db
    .selectFrom(shared.as('shared'))
    .select(['shared.post_id', (eb) => eb.fn.countAll().as('score')])
    .where('shared.post_id', '<>', postId)
    .groupBy('shared.post_id')
    .as('ranked');
  // Ranking reads only columns of the (status, published_at) index; the summaries, whose label and
  // word count sit after the long body columns, are read for the chosen few only. Reading them for
  // every candidate (thousands share a busy category) cost over a second on a 100,000-post site.
  const top = await db
    .selectFrom('posts')
    .innerJoin(ranked, 'ranked.post_id', 'posts.id')
    .select('posts.id')
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .orderBy('ranked.score', 'desc')
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit)
    .execute();
  if (top.length === 0) return [];
  const rows = await selectSummaries(db)
    .where('posts.id', 'in', top.map((r) => r.id))
    .execute();
  const order = new Map(top.map((r, i) => [r.id, i]));
  rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return withRelations(db, rows);
}
