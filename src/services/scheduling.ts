import { POST_PAGES } from '../domain/page-keys.ts';
import { changeContent } from '../storage/changes.ts';
import { queueWebhookEvent, webhookPostData } from './webhooks.ts';
import type { Db } from '../storage/db.ts';
import { findNextScheduledTime, markDuePostsLive } from '../storage/post-scheduling.ts';

export interface ScheduleCheck {
  /** Posts whose time came and that this call announced to the page caches. */
  announced: number;
  /** When the next scheduled post is due, if one waits. */
  nextDueAt: Date | undefined;
}

/**
 * Tells the page caches about scheduled posts whose time has come. Public reads already show a
 * post from its time on; cached pages (home, archives, feeds) do not know until a content change
 * says so. Each due post is marked once, and only the process whose update marked it appends the
 * change, so several processes or nodes checking at once announce it once.
 */
export async function announceDuePosts(db: Db, now: Date): Promise<ScheduleCheck> {
  const announced = await changeContent(db, now, async (tx, pagesChanged) => {
    const marked = await markDuePostsLive(tx, now);
    if (marked.length > 0) pagesChanged([POST_PAGES]);
    // A scheduled post reaches readers now: told to webhooks once, by the process that marked it.
    for (const post of marked) await queueWebhookEvent(tx, 'post.published', webhookPostData(post, 'publish'), now);
    return marked.length;
  });
  return { announced, nextDueAt: await findNextScheduledTime(db) };
}
