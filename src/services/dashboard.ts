import type { Db } from '../storage/db.ts';
import { countCommentsWithStatus } from '../storage/comments.ts';
import { countUnpublishedPosts } from '../storage/posts.ts';

/** What waits for the newsroom: comments to moderate, drafts, scheduled posts. */
export function loadDashboard(db: Db, now: Date): Promise<{ pendingComments: number; drafts: number; scheduled: number }> {
  return db.connection().execute(async (conn) => ({
    pendingComments: await countCommentsWithStatus(conn, 'pending'),
    ...(await countUnpublishedPosts(conn, now)),
  }));
}
