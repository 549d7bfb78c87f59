/** Application passwords: what software uses to act for a user over the REST API. */
import type { ApplicationPassword } from '../domain/application-passwords.ts';
import type { User } from '../domain/users.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { toUser, USER_COLUMNS } from './users.ts';

export async function insertApplicationPassword(db: Executor, entry: { userId: number; name: string; secretHash: string }, now: Date): Promise<number> {
  const row = await db
    .insertInto('application_passwords')
    .values({ user_id: entry.userId, name: entry.name, secret_hash: entry.secretHash, created_at: toDbTime(now), last_used_at: null, last_used_ip: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listApplicationPasswords(db: Executor, userId: number, limit: number): Promise<ApplicationPassword[]> {
  const rows = await db
    .selectFrom('application_passwords')
    .select(['id', 'name', 'created_at', 'last_used_at', 'last_used_ip'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: fromDbTime(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : fromDbTime(r.last_used_at),
    lastUsedIp: r.last_used_ip,
  }));
}

export async function countApplicationPasswords(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('application_passwords')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes one of a user's application passwords; false when it is not theirs or is already gone. */
export async function deleteApplicationPassword(db: Executor, userId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('application_passwords').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The user an application password opens, with the user's email to match the name sent with it; none for a suspended user. */
export async function findApplicationPasswordUser(db: Executor, secretHash: string): Promise<{ passwordId: number; user: User } | undefined> {
  const row = await db
    .selectFrom('application_passwords')
    .innerJoin('users', 'users.id', 'application_passwords.user_id')
    .select([...USER_COLUMNS, 'application_passwords.id as password_id'])
    .where('application_passwords.secret_hash', '=', secretHash)
    .where('users.suspended_at', 'is', null)
    .executeTakeFirst();
  return row && { passwordId: row.password_id, user: toUser(row) };
}

export async function recordApplicationPasswordUse(db: Executor, id: number, ip: string, now: Date): Promise<void> {
  await db
    .updateTable('application_passwords')
    .set({ last_used_at: toDbTime(now), last_used_ip: ip })
    .where('id', '=', id)
    .execute();
}
