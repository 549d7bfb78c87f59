/** Two-factor sign-in: each user's authenticator secret, their recovery codes, and sign-ins waiting for a code. */
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export interface TotpState {
  secret: string | null;
  enabled: boolean;
  lastStep: number | null;
}

export async function findTotpState(db: Executor, userId: number): Promise<TotpState | undefined> {
  const row = await db.selectFrom('users').select(['totp_secret', 'totp_enabled_at', 'totp_last_step']).where('id', '=', userId).executeTakeFirst();
  return row && { secret: row.totp_secret, enabled: row.totp_enabled_at !== null, lastStep: row.totp_last_step };
}

/** A new secret being set up; two-factor sign-in stays off until a code confirms it. */
export async function putPendingTotpSecret(db: Executor, userId: number, secret: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_enabled_at: null, totp_last_step: null, updated_at: toDbTime(now) })
    .where('id', '=', userId)
    .execute();
}

export async function enableTotp(db: Executor, userId: number, step: number, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_enabled_at: toDbTime(now), totp_last_step: step, updated_at: toDbTime(now) })
    .where('id', '=', userId)
    .execute();
}

/**
 * Records the step of a code just accepted; false when that step (or a later one) was already
 * used meanwhile, so each code signs in once even when two requests race.
 */
export async function claimTotpStep(db: Executor, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function clearTotp(db: Executor, userId: number, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: toDbTime(now) })
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('two_factor_challenges').where('user_id', '=', userId).execute();
}

/** Replaces a user's recovery codes with these. */
export async function replaceRecoveryCodes(db: Executor, userId: number, codeHashes: readonly string[], now: Date): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codeHashes.map((h) => ({ user_id: userId, code_hash: h, created_at: toDbTime(now), used_at: null })))
    .execute();
}

/** Spends a recovery code; false when it is unknown or was used, so each works once. */
export async function claimRecoveryCode(db: Executor, userId: number, codeHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: toDbTime(now) })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertChallenge(db: Executor, challenge: { tokenHash: string; userId: number; expiresAt: Date }, now: Date): Promise<void> {
  await db
    .insertInto('two_factor_challenges')
    .values({ token_hash: challenge.tokenHash, user_id: challenge.userId, created_at: toDbTime(now), expires_at: toDbTime(challenge.expiresAt) })
    .execute();
  // Old ones open nothing; forgetting them here keeps the table small without a job.
  await db.deleteFrom('two_factor_challenges').where('expires_at', '<', toDbTime(now)).execute();
}

/** The user waiting on this challenge, if it has not expired. */
export async function findChallengeUser(db: Executor, tokenHash: string, now: Date): Promise<number | undefined> {
  const row = await db
    .selectFrom('two_factor_challenges')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  return row?.user_id;
}

export async function deleteChallenge(db: Executor, tokenHash: string): Promise<boolean> {
  const result = await db.deleteFrom('two_factor_challenges').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Whether the user signs in with a second factor. */
export async function hasTwoFactor(db: Executor, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').select('totp_enabled_at').where('id', '=', userId).executeTakeFirst();
  return row?.totp_enabled_at != null;
}
