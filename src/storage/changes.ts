import { EVERY_PAGE, POST_PAGES } from '../domain/page-keys.ts';
import { toDbTime } from './codecs.ts';
import type { Db, Executor, Tx } from './db.ts';

/**
 * Cache keys are words without spaces: "posts", "comments:12", "*" for everything. A change to
 * the lists of posts ("posts", or "*") also moves the lists' version, in the same transaction,
 * which stored related-post rankings are checked against (storage/related-posts.ts).
 */
export async function appendChange(db: Executor, keys: readonly string[], now: Date): Promise<void> {
  await db
    .insertInto('content_changes')
    .values({ keys: keys.join(' '), created_at: toDbTime(now) })
    .execute();
  if (keys.includes(POST_PAGES) || keys.includes(EVERY_PAGE)) {
    await db
      .updateTable('post_lists_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  }
}

/** Names pages a transaction changes; called as often as the work likes, the keys are merged. */
export type PagesChanged = (keys: readonly string[]) => void;

/**
 * The one way to change what readers see: runs `work` in a transaction, logs the page keys it
 * names through `pagesChanged` in that same transaction (so a cache can never see the change
 * without the log entry, or the other way round), and once it has committed tells this
 * process's caches at once. Work that names no page logs and signals nothing.
 */
export async function changeContent<T>(db: Db, now: Date, work: (tx: Tx, pagesChanged: PagesChanged) => Promise<T>): Promise<T> {
  const keys = new Set<string>();
  const result = await db.transaction().execute(async (tx) => {
    const done = await work(tx, (changed) => {
      for (const key of changed) keys.add(key);
    });
    if (keys.size > 0) await appendChange(tx, [...keys], now);
    return done;
  });
  if (keys.size > 0) db.noteCommittedChange();
  return result;
}

export interface ContentChange {
  id: number;
  keys: string[];
}

export async function listChangesSince(db: Executor, afterId: number, limit: number): Promise<ContentChange[]> {
  const rows = await db.selectFrom('content_changes').select(['id', 'keys']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, keys: r.keys.split(' ').filter((k) => k.length > 0) }));
}

export async function findLatestChangeId(db: Executor): Promise<number> {
  const row = await db.selectFrom('content_changes').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? 0;
}
