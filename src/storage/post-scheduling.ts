/** Scheduled posts: which have come due, and when the next one goes live. */
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

/**
 * Marks every published post whose time has come and that was not yet announced, and returns
 * those this call marked: they decide whether this caller announces them (another process may
 * have got there first), and which posts it announces.
 */
export async function markDuePostsLive(db: Executor, now: Date): Promise<Array<{ id: number; slug: string; title: string; publishedAt: Date }>> {
  // Reads the partial index posts_not_live_yet (migration 011), whose condition this repeats.
  const rows = await db
    .updateTable('posts')
    .set({ went_live_at: toDbTime(now) })
    .where('status', '=', 'published')
    .where('went_live_at', 'is', null)
    .where('published_at', '<=', toDbTime(now))
    .returning(['id', 'slug', 'title', 'published_at'])
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, publishedAt: fromDbTime(r.published_at!) }));
}

/**
 * When the next post dated after `now` goes live, if one waits: read from the posts' dates
 * alone, whether or not the scheduler has marked earlier ones live (findNextScheduledTime).
 */
export async function findNextGoingLive(db: Executor, now: Date): Promise<Date | undefined> {
  const row = await db
    .selectFrom('posts')
    .select('published_at')
    .where('status', '=', 'published')
    .where('published_at', '>', toDbTime(now))
    .orderBy('published_at')
    .limit(1)
    .executeTakeFirst();
  return row?.published_at ? fromDbTime(row.published_at) : undefined;
}

/** When the next scheduled post is due, if one waits. */
export async function findNextScheduledTime(db: Executor): Promise<Date | undefined> {
  // Reads the partial index posts_not_live_yet (migration 011), whose condition this repeats.
  const row = await db
    .selectFrom('posts')
    .select('published_at')
    .where('status', '=', 'published')
    .where('went_live_at', 'is', null)
    .orderBy('published_at')
    .limit(1)
    .executeTakeFirst();
  return row?.published_at ? fromDbTime(row.published_at) : undefined;
}
