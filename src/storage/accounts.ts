/** Signing in: sessions, setup and password-reset links, failed logins and reset requests. */
import type { User } from '../domain/users.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { toUser, USER_COLUMNS } from './users.ts';

export async function insertSession(
  db: Executor,
  session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date; userAgent: string | null },
  now: Date,
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: toDbTime(now),
      expires_at: toDbTime(session.expiresAt),
      user_agent: session.userAgent,
    })
    .execute();
}

/** The signed-in user of a session that has not expired. */
export async function findSession(db: Executor, tokenHash: string, now: Date): Promise<{ user: User; csrfToken: string } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...USER_COLUMNS, 'sessions.csrf_token'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', toDbTime(now))
    // Suspending deletes sessions too; this keeps one started in the same instant from counting.
    .where('users.suspended_at', 'is', null)
    .executeTakeFirst();
  return row && { user: toUser(row), csrfToken: row.csrf_token };
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends a user's sessions, all of them or all but one. */
export async function deleteSessionsOfUser(db: Executor, userId: number, keepTokenHash?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash !== undefined) q = q.where('token_hash', '<>', keepTokenHash);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertSetupToken(db: Executor, token: { tokenHash: string; userId: number | null; expiresAt: Date }, now: Date): Promise<void> {
  await db
    .insertInto('setup_tokens')
    .values({ token_hash: token.tokenHash, user_id: token.userId, created_at: toDbTime(now), expires_at: toDbTime(token.expiresAt), used_at: null })
    .execute();
}

/** A setup link that is unused and unexpired; its user id is null for the first-run owner link. */
export async function findUsableSetupToken(db: Executor, tokenHash: string, now: Date): Promise<{ userId: number | null } | undefined> {
  const row = await db
    .selectFrom('setup_tokens')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  return row && { userId: row.user_id };
}

/** Marks a setup link used; false when it was used (or expired) meanwhile, so it works exactly once. */
export async function claimSetupToken(db: Executor, tokenHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('setup_tokens')
    .set({ used_at: toDbTime(now) })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Attempts counted per account (email) and per address (ip) over a window: failed sign-ins
 * (login_failures) and password-reset requests (password_reset_requests), the same shape.
 */
export type AttemptsTable = 'login_failures' | 'password_reset_requests';

export async function insertAttempt(db: Executor, table: AttemptsTable, email: string, ip: string, now: Date): Promise<void> {
  await db
    .insertInto(table)
    .values({ email, ip, created_at: toDbTime(now) })
    .execute();
}

/** Times of attempts since `since` for this account and for this address. */
export async function listAttempts(db: Executor, table: AttemptsTable, email: string, ip: string, since: Date): Promise<{ byEmail: Date[]; byIp: Date[] }> {
  const rows = await db
    .selectFrom(table)
    .select(['email', 'ip', 'created_at'])
    .where('created_at', '>', toDbTime(since))
    .where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
    .execute();
  return {
    byEmail: rows.filter((r) => r.email === email).map((r) => fromDbTime(r.created_at)),
    byIp: rows.filter((r) => r.ip === ip).map((r) => fromDbTime(r.created_at)),
  };
}

/** Forgets attempts that no longer count once outside the window. */
export async function deleteAttemptsBefore(db: Executor, table: AttemptsTable, before: Date): Promise<void> {
  await db.deleteFrom(table).where('created_at', '<', toDbTime(before)).execute();
}

/** Spends every unused setup link of a user, so only the one sent next works. */
export async function voidSetupTokensOfUser(db: Executor, userId: number, now: Date): Promise<void> {
  await db
    .updateTable('setup_tokens')
    .set({ used_at: toDbTime(now) })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

export async function insertPasswordReset(db: Executor, reset: { tokenHash: string; userId: number; expiresAt: Date }, now: Date): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({ token_hash: reset.tokenHash, user_id: reset.userId, created_at: toDbTime(now), expires_at: toDbTime(reset.expiresAt), used_at: null })
    .execute();
}

/** The user of an unused, unexpired password reset link. */
export async function findUsablePasswordReset(db: Executor, tokenHash: string, now: Date): Promise<User | undefined> {
  const row = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(USER_COLUMNS)
    .where('password_resets.token_hash', '=', tokenHash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  return row && toUser(row);
}

/**
 * Spends a reset link, and with it every other unused link of the same user; false when it was
 * used (or expired) meanwhile, so it works exactly once.
 */
export async function claimPasswordReset(db: Executor, tokenHash: string, userId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: toDbTime(now) })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('password_resets')
    .set({ used_at: toDbTime(now) })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  return true;
}

/** Spends every unused password reset link of a user. */
export async function voidPasswordResetsOfUser(db: Executor, userId: number, now: Date): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ used_at: toDbTime(now) })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

/** Forgets every setup and reset link of a user, before the user is deleted. */
export async function deleteLinksOfUser(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('setup_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('password_resets').where('user_id', '=', userId).execute();
}
