import type { PublicComment } from '../domain/comments.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { selectListedComments } from './comments.ts';
import { likePattern } from './like-pattern.ts';

export interface RestCommentsQuery {
  now: Date;
  limit: number;
  offset: number;
  search?: string;
  include?: readonly number[];
  exclude?: readonly number[];
  posts?: readonly number[];
  /** Replies to these comments; 0 names top-level comments. */
  parents?: readonly number[];
  after?: Date;
  before?: Date;
  orderBy: 'date' | 'id';
  order: 'asc' | 'desc';
}

/** An approved comment with where its post lives, for its link. */
export interface RestComment extends PublicComment {
  post: { slug: string; publishedAt: Date };
}

/** The approved comments a REST client asked for (storage/comments.ts: what any list of comments shows). */
function selectComments(db: Executor, query: RestCommentsQuery) {
  let q = selectListedComments(db, query.now);
  if (query.search) {
    const pattern = likePattern(query.search);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['comments.body']), 'like', pattern), eb(eb.fn('lower', ['comments.author_name']), 'like', pattern)]));
  }
  if (query.include?.length) q = q.where('comments.id', 'in', query.include);
  if (query.exclude?.length) q = q.where('comments.id', 'not in', query.exclude);
  if (query.posts?.length) q = q.where('comments.post_id', 'in', query.posts);
  if (query.parents?.length) {
    const ids = query.parents.filter((id) => id !== 0);
    const topLevel = query.parents.includes(0);
    q = q.where((eb) => eb.or([...(ids.length ? [eb('comments.parent_id', 'in', ids)] : []), ...(topLevel ? [eb('comments.parent_id', 'is', null)] : [])]));
  }
  if (query.after) q = q.where('comments.created_at', '>', toDbTime(query.after));
  if (query.before) q = q.where('comments.created_at', '<', toDbTime(query.before));
  return q;
}

/** One page of the approved comments a REST client asked for, with how many match in all. */
export async function listRestComments(db: Executor, query: RestCommentsQuery): Promise<{ comments: RestComment[]; total: number }> {
  const counted = await selectComments(db, query)
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  if (total === 0 || query.offset >= total) return { comments: [], total };
  const column = query.orderBy === 'date' ? 'comments.created_at' : 'comments.id';
  const rows = await selectComments(db, query)
    .orderBy(column, query.order)
    .orderBy('comments.id', query.order)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    comments: rows.map((row) => ({
      id: row.id,
      postId: row.post_id,
      parentId: row.parent_id,
      authorName: row.author_name,
      authorUrl: row.author_url,
      body: row.body,
      createdAt: fromDbTime(row.created_at),
      erased: false,
      post: { slug: row.post_slug, publishedAt: fromDbTime(row.post_published_at ?? '') },
    })),
    total,
  };
}
