import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

/** The post an old permalink belonged to, if it ever moved away from it. */
export async function findRedirect(db: Executor, path: string): Promise<number | undefined> {
  const row = await db.selectFrom('post_redirects').select('post_id').where('path', '=', path).executeTakeFirst();
  return row?.post_id;
}

/** Points an old permalink at a post; a path that once led elsewhere now leads here. */
export async function putRedirect(db: Executor, path: string, postId: number, now: Date): Promise<void> {
  await db
    .insertInto('post_redirects')
    .values({ path, post_id: postId, created_at: toDbTime(now) })
    .onConflict((oc) => oc.column('path').doUpdateSet({ post_id: postId, created_at: toDbTime(now) }))
    .execute();
}
