import type { Executor } from '../storage/db.ts';
import { findLatestChangeId, listChangesSince, type ContentChange } from '../storage/changes.ts';

/** Changes read per round trip when a cache catches up. */
const CHANGES_BATCH = 1_000;

export type { ContentChange };

/** Every change after `afterId`, oldest first, for a cache catching up. */
export async function readChangesSince(db: Executor, afterId: number): Promise<ContentChange[]> {
  const all: ContentChange[] = [];
  for (let after = afterId; ; ) {
    const batch = await listChangesSince(db, after, CHANGES_BATCH);
    all.push(...batch);
    if (batch.length < CHANGES_BATCH) return all;
    after = batch[batch.length - 1]!.id;
  }
}

export function readLatestChangeId(db: Executor): Promise<number> {
  return findLatestChangeId(db);
}
