import { createHash, randomInt } from 'node:crypto';
import {
  APPLICATION_PASSWORD_ALPHABET,
  APPLICATION_PASSWORD_LENGTH,
  formatApplicationPassword,
  MAX_APPLICATION_PASSWORD_NAME,
  MAX_APPLICATION_PASSWORDS_PER_USER,
  normalizeApplicationPassword,
} from '../domain/application-passwords.ts';
import type { ApplicationPassword } from '../domain/application-passwords.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import type { User } from '../domain/users.ts';
import {
  countApplicationPasswords,
  deleteApplicationPassword,
  findApplicationPasswordUser,
  insertApplicationPassword,
  listApplicationPasswords,
  recordApplicationPasswordUse,
} from '../storage/application-passwords.ts';
import type { Db } from '../storage/db.ts';
import { loginWait, normalizeEmail, recordLoginFailure } from './accounts.ts';

export type { ApplicationPassword } from '../domain/application-passwords.ts';

/**
 * SHA-256, not argon2: the password is 142 random bits nobody chose, so there is nothing to
 * guess from a stolen hash, and a memory-hard hash on every API request would hand anyone who
 * sends wrong passwords a way to exhaust the server.
 */
function secretHash(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

function newApplicationPassword(): string {
  let out = '';
  for (let i = 0; i < APPLICATION_PASSWORD_LENGTH; i += 1) out += APPLICATION_PASSWORD_ALPHABET[randomInt(APPLICATION_PASSWORD_ALPHABET.length)];
  return out;
}

export function listApplicationPasswordsOf(db: Db, user: User): Promise<ApplicationPassword[]> {
  return listApplicationPasswords(db, user.id, MAX_APPLICATION_PASSWORDS_PER_USER);
}

/**
 * A new application password for the user, returned once in groups of four to be shown once:
 * only its hash is kept. Throws DomainError `invalid` (field `name`) for a missing or long name
 * or when the user has as many as they may.
 */
export async function createApplicationPassword(db: Db, user: User, name: string, now: Date): Promise<{ id: number; name: string; password: string }> {
  const trimmed = name.trim();
  if (trimmed === '') throw new DomainError('invalid', 'Name it', { name: 'Give it a name: the tool or app that will use it.' });
  if (trimmed.length > MAX_APPLICATION_PASSWORD_NAME) {
    throw new DomainError('invalid', 'Name too long', { name: `Use at most ${MAX_APPLICATION_PASSWORD_NAME} characters.` });
  }
  const password = newApplicationPassword();
  const id = await db.transaction().execute(async (tx) => {
    if ((await countApplicationPasswords(tx, user.id)) >= MAX_APPLICATION_PASSWORDS_PER_USER) {
      throw new DomainError('invalid', 'Too many', { name: `You have ${MAX_APPLICATION_PASSWORDS_PER_USER} already: revoke one you no longer use first.` });
    }
    return insertApplicationPassword(tx, { userId: user.id, name: trimmed, secretHash: secretHash(password) }, now);
  });
  return { id, name: trimmed, password: formatApplicationPassword(password) };
}

/** Revokes one of the user's own application passwords: the next request with it is refused. */
export async function revokeApplicationPassword(db: Db, user: User, id: number): Promise<void> {
  if (!(await deleteApplicationPassword(db, user.id, id))) throw new NotFoundError('Application password');
}

export type ApplicationPasswordCheck = { kind: 'ok'; user: User } | { kind: 'wrong' } | { kind: 'throttled'; retryAfterMs: number };

/**
 * The user a request's HTTP Basic credentials open: the account's email and one of its
 * application passwords (the account's own password never works here). A wrong name, a wrong,
 * revoked or another user's password, and a suspended or removed user all give the same
 * answer, and count as failed sign-ins of that email and address, paused as sign-ins are.
 * Each use is recorded with its time and address.
 */
export async function checkApplicationPassword(
  db: Db,
  input: { username: string; password: string; ip: string },
  now: Date,
): Promise<ApplicationPasswordCheck> {
  const email = normalizeEmail(input.username);
  const retryAfterMs = await loginWait(db, email, input.ip, now);
  if (retryAfterMs > 0) return { kind: 'throttled', retryAfterMs };
  const password = normalizeApplicationPassword(input.password.slice(0, 200));
  const found = password.length === APPLICATION_PASSWORD_LENGTH ? await findApplicationPasswordUser(db, secretHash(password)) : undefined;
  if (!found || found.user.email !== email) {
    await recordLoginFailure(db, email, input.ip, now);
    return { kind: 'wrong' };
  }
  await recordApplicationPasswordUse(db, found.passwordId, input.ip, now);
  return { kind: 'ok', user: found.user };
}
