import type { Db } from '../storage/db.ts';
import { listRestPosts, type RestPost, type RestPostsQuery } from '../storage/rest-posts.ts';

export type { RestPost, RestPostsQuery } from '../storage/rest-posts.ts';

/** One page of the published posts a REST client asked for, with how many match in all. */
export function listPostsForRest(db: Db, query: RestPostsQuery): Promise<{ posts: RestPost[]; total: number }> {
  return listRestPosts(db, query);
}

/** A published post by its id; undefined for a draft, a post not yet live, or no post. */
export async function findPostForRest(db: Db, id: number, now: Date): Promise<RestPost | undefined> {
  const { posts } = await listRestPosts(db, { now, limit: 1, offset: 0, include: [id], orderBy: 'id', order: 'desc' });
  return posts[0];
}
