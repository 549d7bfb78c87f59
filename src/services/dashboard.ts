import type { Db } from '../storage/db.ts';
import { countCommentsWithStatus } from '../storage/comment-moderation.ts';
import { countUnpublishedPosts } from '../storage/post-editor.ts';

/** What waits for the newsroom: comments to moderate, drafts, scheduled posts. */
export function loadDashboard(db: Db, now: Date): Promise<{ pendingComments: number; drafts: number; scheduled: number }> {
  return db.connection().execute(async (conn) => ({
    pendingComments: await countCommentsWithStatus(conn, 'pending'),
    ...(await countUnpublishedPosts(conn, now)),
  }));
}
