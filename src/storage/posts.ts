import type { Post, PostStatus, PostSummary } from '../domain/posts.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';
import { fromDbBool, fromDbTime, toDbBool, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { listSourcesOfPosts } from './sources.ts';

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
      'authors.id as author_id',
      'authors.slug as author_slug',
      'authors.display_name as author_name',
    ])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow, sources: PostSummary['sources']): PostSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    // Only published rows, which the CHECK constraint guarantees have a date, are selected.
    publishedAt: fromDbTime(row.published_at ?? ''),
    author: { id: row.author_id, slug: row.author_slug, displayName: row.author_name },
    sources,
  };
}

async function withSources(db: Executor, rows: SummaryRow[]): Promise<PostSummary[]> {
  const sources = await listSourcesOfPosts(db, rows.map((r) => r.id));
  return rows.map((row) => toSummary(row, sources.get(row.id) ?? []));
}

export interface PublishedPostsQuery {
  limit: number;
  offset?: number;
  /** Leave this post out (the article a "Latest Posts" list sits beside). */
  excludeId?: number;
  /** Only posts that draw on this outlet. */
  sourceId?: number;
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
  const rows = await q
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .execute();
  return withSources(db, rows);
}

/** A published post by its slug, with its body and sources. */
export async function findPublishedPostBySlug(db: Executor, slug: string): Promise<Post | undefined> {
  const row = await selectSummaries(db)
    .select(['posts.status', 'posts.body_html', 'posts.updated_at', 'posts.comments_open'])
    .where('posts.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const [summary] = await withSources(db, [row]);
  if (!summary) return undefined;
  return {
    ...summary,
    status: row.status,
    bodyHtml: trustSanitizedHtml(row.body_html),
    updatedAt: fromDbTime(row.updated_at),
    commentsOpen: fromDbBool(row.comments_open),
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
