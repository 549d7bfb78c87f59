import type { Correction } from '../domain/posts.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export async function insertCorrection(db: Executor, postId: number, body: string, now: Date): Promise<number> {
  const row = await db
    .insertInto('corrections')
    .values({ post_id: postId, body, created_at: toDbTime(now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A post's corrections, oldest first. */
export async function listCorrections(db: Executor, postId: number): Promise<Correction[]> {
  const rows = await db
    .selectFrom('corrections')
    .select(['id', 'body', 'created_at'])
    .where('post_id', '=', postId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, body: r.body, createdAt: fromDbTime(r.created_at) }));
}
