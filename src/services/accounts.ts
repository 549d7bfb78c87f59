import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  LOGIN_FAILURE_WINDOW_MS,
  loginRetryAfterMs,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_RESET_LIFETIME_MS,
  RESET_REQUEST_LIMIT_PER_EMAIL,
  RESET_REQUEST_LIMIT_PER_IP,
  RESET_REQUEST_WINDOW_MS,
  retryAfterMs,
  SESSION_LIFETIME_MS,
  SETUP_LINK_LIFETIME_MS,
} from '../domain/accounts.ts';
import { canManageUser, type Role, type User } from '../domain/users.ts';
import { invitationMail, passwordResetMail } from '../domain/account-mail.ts';
import { DomainError } from '../domain/errors.ts';
import { slugify } from '../domain/slugs.ts';
import { findAuthorBySlug, insertAuthor } from '../storage/authors.ts';
import type { Db, Executor } from '../storage/db.ts';
import { countUsers, findUserById, findUserForLogin, insertUser, isUserSuspended, updateUserPassword, userHasPassword } from '../storage/users.ts';
import {
  claimSetupToken,
  deleteSession,
  deleteSessionsOfUser,
  findSession,
  findUsableSetupToken,
  insertSession,
  insertSetupToken,
  deleteAttemptsBefore,
  insertAttempt,
  listAttempts,
} from '../storage/accounts.ts';
import { claimPasswordReset, findUsablePasswordReset, insertPasswordReset, voidSetupTokensOfUser } from '../storage/accounts.ts';
import { deleteChallenge, findChallengeUser, hasTwoFactor, insertChallenge } from '../storage/two-factor.ts';
import { TWO_FACTOR_CHALLENGE_LIFETIME_MS } from '../domain/two-factor.ts';
import { queueMail } from './outbox.ts';
import { checkSecondFactor } from './two-factor.ts';
import { loadSiteSettings } from './settings.ts';

/** A random secret for a cookie or link: 256 bits, URL-safe. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed: the database alone opens no session and no setup link. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Verified when an email is unknown, so a wrong email takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

/**
 * An email as accounts are kept under: trimmed and lower-cased. Control characters are never part
 * of an address (and NUL cannot even be stored in PostgreSQL), so they are dropped: a sign-in
 * with one simply finds nobody.
 */
export function normalizeEmail(email: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const withoutControls = email.replace(/[\u0000-\u001f\u007f]/g, '');
  return withoutControls.trim().toLowerCase();
}

function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('invalid', 'Password too short', { [field]: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.` });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new DomainError('invalid', 'Password too long', { [field]: `Choose a password of at most ${MAX_PASSWORD_LENGTH} characters.` });
  }
}

/** An author byline for a new user, with a slug no other author has. */
async function newAuthorFor(db: Executor, displayName: string, now: Date) {
  const base = slugify(displayName) || 'author';
  for (let n = 1; ; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await findAuthorBySlug(db, slug))) return insertAuthor(db, { slug, displayName }, now);
  }
}

/**
 * On a site with no account yet, a link that lets whoever holds it create the owner account.
 * Returns the token to put in `/admin/setup?token=…`, or undefined when the site has users.
 */
export async function issueOwnerSetupLink(db: Db, now: Date): Promise<string | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  const token = newToken();
  await insertSetupToken(db, { tokenHash: tokenHash(token), userId: null, expiresAt: new Date(now.getTime() + SETUP_LINK_LIFETIME_MS) }, now);
  return token;
}

/** What a setup link is for, or undefined when it is unknown, used or expired. */
export async function describeSetupLink(db: Db, token: string, now: Date): Promise<{ user: User | null } | undefined> {
  const found = await findUsableSetupToken(db, tokenHash(token), now);
  if (!found) return undefined;
  if (found.userId === null) return { user: null };
  const user = await findUserById(db, found.userId);
  return user ? { user } : undefined;
}

export interface SetupInput {
  displayName: string;
  email: string;
  password: string;
}

const LINK_NOT_VALID = 'This link has expired or has already been used. Ask an administrator for a new one.';

/**
 * Uses a setup link once: the first-run link creates the owner; an invitation sets the invited
 * user's password. Either way the link is spent in the same transaction.
 */
export async function completeSetup(db: Db, token: string, input: SetupInput, now: Date): Promise<User> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const found = await findUsableSetupToken(tx, tokenHash(token), now);
    if (!found || !(await claimSetupToken(tx, tokenHash(token), now))) throw new DomainError('forbidden', LINK_NOT_VALID);
    if (found.userId !== null) {
      await updateUserPassword(tx, found.userId, passwordHash, now);
      const user = await findUserById(tx, found.userId);
      if (!user) throw new DomainError('forbidden', LINK_NOT_VALID);
      return user;
    }
    if ((await countUsers(tx)) > 0) throw new DomainError('forbidden', 'This site already has an owner. Sign in instead.');
    const author = await newAuthorFor(tx, input.displayName, now);
    return insertUser(tx, { email: normalizeEmail(input.email), displayName: input.displayName, role: 'owner', authorId: author.id, passwordHash }, now);
  });
}

/** Where links in mail point: the site's public origin, from the request or SITE_URL. */
export interface MailLinks {
  origin: string;
}

/** Queues the invitation mail with its link, in the transaction that issued the link. */
async function queueInvitation(tx: Executor, user: User, token: string, links: MailLinks, now: Date): Promise<void> {
  const settings = await loadSiteSettings(tx);
  const link = new URL(`/admin/setup/?token=${token}`, links.origin).href;
  const mail = invitationMail({ siteTitle: settings.title, displayName: user.displayName, role: user.role, link });
  await queueMail(tx, { kind: 'invitation', to: user.email, ...mail }, links.origin, now);
}

/**
 * Adds a user with no password yet and returns a one-time link (valid 24 hours) with which they
 * choose it. From the command line and from the admin's user list; with `links` the link is
 * also mailed to them, through the outbox in the same transaction.
 */
export async function inviteUser(
  db: Db,
  input: { email: string; displayName: string; role: Exclude<Role, 'owner'> },
  now: Date,
  links?: MailLinks,
): Promise<{ user: User; token: string }> {
  const email = normalizeEmail(input.email);
  const token = newToken();
  const user = await db.transaction().execute(async (tx) => {
    if (await findUserForLogin(tx, email))
      throw new DomainError('conflict', 'There is already an account with this email.', { email: 'There is already an account with this email.' });
    const author = await newAuthorFor(tx, input.displayName, now);
    const created = await insertUser(tx, { email, displayName: input.displayName, role: input.role, authorId: author.id, passwordHash: null }, now);
    await insertSetupToken(tx, { tokenHash: tokenHash(token), userId: created.id, expiresAt: new Date(now.getTime() + SETUP_LINK_LIFETIME_MS) }, now);
    if (links) await queueInvitation(tx, created, token, links, now);
    return created;
  });
  return { user, token };
}

/**
 * Sends an invited user a new link, for one that was lost or ran out; the links sent before stop
 * working. Only for a user who has not chosen a password yet.
 */
export async function resendInvitation(db: Db, actor: User, userId: number, links: MailLinks, now: Date): Promise<{ user: User; token: string }> {
  const token = newToken();
  const user = await db.transaction().execute(async (tx) => {
    const target = await findUserById(tx, userId);
    if (!target) throw new DomainError('not_found', 'User not found');
    if (!canManageUser(actor, target)) throw new DomainError('forbidden', 'You cannot invite this user again.');
    if (await userHasPassword(tx, target.id)) throw new DomainError('conflict', `${target.displayName} has already chosen a password.`);
    await voidSetupTokensOfUser(tx, target.id, now);
    await insertSetupToken(tx, { tokenHash: tokenHash(token), userId: target.id, expiresAt: new Date(now.getTime() + SETUP_LINK_LIFETIME_MS) }, now);
    await queueInvitation(tx, target, token, links, now);
    return target;
  });
  return { user, token };
}

export type PasswordResetRequest = { kind: 'accepted' } | { kind: 'throttled'; retryAfterMs: number };

/**
 * "Lost your password?": mails a one-time link (valid an hour) to the account with this email,
 * through the outbox. The answer is the same whether such an account exists or not, so the form
 * tells nobody which addresses have accounts. Requests are counted per email (known or not) and
 * per IP address; past the limits they wait, and no mail is sent.
 */
export async function requestPasswordReset(db: Db, input: { email: string; ip: string }, links: MailLinks, now: Date): Promise<PasswordResetRequest> {
  const email = normalizeEmail(input.email);
  const since = new Date(now.getTime() - RESET_REQUEST_WINDOW_MS);
  return db.transaction().execute(async (tx) => {
    const requests = await listAttempts(tx, 'password_reset_requests', email, input.ip, since);
    const wait = Math.max(
      retryAfterMs(requests.byEmail, now, RESET_REQUEST_LIMIT_PER_EMAIL, RESET_REQUEST_WINDOW_MS),
      retryAfterMs(requests.byIp, now, RESET_REQUEST_LIMIT_PER_IP, RESET_REQUEST_WINDOW_MS),
    );
    if (wait > 0) return { kind: 'throttled', retryAfterMs: wait };
    await insertAttempt(tx, 'password_reset_requests', email, input.ip, now);
    await deleteAttemptsBefore(tx, 'password_reset_requests', since);
    const found = await findUserForLogin(tx, email);
    // A suspended user gets no link either, and the answer is the same.
    if (!found || found.suspended) return { kind: 'accepted' };
    const token = newToken();
    await insertPasswordReset(tx, { tokenHash: tokenHash(token), userId: found.id, expiresAt: new Date(now.getTime() + PASSWORD_RESET_LIFETIME_MS) }, now);
    const settings = await loadSiteSettings(tx);
    const link = new URL(`/admin/reset-password/?token=${token}`, links.origin).href;
    const mail = passwordResetMail({ siteTitle: settings.title, displayName: found.displayName, link });
    await queueMail(tx, { kind: 'password_reset', to: found.email, ...mail }, links.origin, now);
    return { kind: 'accepted' };
  });
}

/** The user a password reset link is for, or undefined when it is unknown, used or expired. */
export function describePasswordReset(db: Db, token: string, now: Date): Promise<User | undefined> {
  return findUsablePasswordReset(db, tokenHash(token), now);
}

/**
 * Uses a reset link once: sets the new password, spends this and every other reset link of the
 * user, and ends all their sessions, so whoever was signed in with the old password is out.
 */
export async function resetPassword(db: Db, token: string, password: string, now: Date): Promise<User> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const user = await findUsablePasswordReset(tx, tokenHash(token), now);
    if (!user || !(await claimPasswordReset(tx, tokenHash(token), user.id, now))) throw new DomainError('forbidden', RESET_LINK_NOT_VALID);
    await updateUserPassword(tx, user.id, passwordHash, now);
    await deleteSessionsOfUser(tx, user.id);
    return user;
  });
}

export const RESET_LINK_NOT_VALID = 'This link has expired or has already been used. Ask for a new one from the sign-in page.';

export type LoginResult =
  | { kind: 'signed-in'; user: User; sessionToken: string }
  | { kind: 'wrong-credentials' }
  | { kind: 'suspended' }
  | { kind: 'throttled'; retryAfterMs: number }
  /** The password was right; a code from the authenticator app is asked next, with this token in a short-lived cookie. */
  | { kind: 'second-factor'; challengeToken: string };

async function openSession(db: Executor, user: User, userAgent: string | null, now: Date): Promise<string> {
  const sessionToken = newToken();
  await insertSession(
    db,
    { tokenHash: tokenHash(sessionToken), userId: user.id, csrfToken: newToken(), expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS), userAgent },
    now,
  );
  return sessionToken;
}

/** How long before this account or address may try to sign in again (0: now); shared by every way of signing in. */
export async function loginWait(db: Executor, email: string, ip: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS);
  const failures = await listAttempts(db, 'login_failures', email, ip, since);
  return Math.max(loginRetryAfterMs(failures.byEmail, now), loginRetryAfterMs(failures.byIp, now));
}

/** Counts a failed attempt against the account and the address. */
export async function recordLoginFailure(db: Executor, email: string, ip: string, now: Date): Promise<void> {
  await insertAttempt(db, 'login_failures', email, ip, now);
  await deleteAttemptsBefore(db, 'login_failures', new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS));
}

/**
 * Signs a user in. After 10 failures for the account or the address within 15 minutes, further
 * attempts wait until the oldest failure leaves the window, even with the right password, so
 * guessing is slowed and the real owner is never locked out for long.
 */
export async function login(db: Db, input: { email: string; password: string; ip: string; userAgent: string | null }, now: Date): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const retryAfterMs = await loginWait(db, email, input.ip, now);
  if (retryAfterMs > 0) return { kind: 'throttled', retryAfterMs };

  const found = await findUserForLogin(db, email);
  const password = input.password.slice(0, MAX_PASSWORD_LENGTH + 1);
  decoyHash ??= hashPassword(newToken());
  let ok = false;
  if (found?.passwordHash) ok = await verify(found.passwordHash, password);
  // No such account: a hash is checked all the same, so the answer takes as long either way.
  else await verify(await decoyHash, password);
  if (!found || !ok) {
    await recordLoginFailure(db, email, input.ip, now);
    return { kind: 'wrong-credentials' };
  }
  // Said only after the right password, so the message tells a stranger nothing about the account.
  if (found.suspended) return { kind: 'suspended' };
  const { passwordHash: _, suspended: __, ...user } = found;
  if (await hasTwoFactor(db, user.id)) {
    const challengeToken = newToken();
    await insertChallenge(
      db,
      { tokenHash: tokenHash(challengeToken), userId: user.id, expiresAt: new Date(now.getTime() + TWO_FACTOR_CHALLENGE_LIFETIME_MS) },
      now,
    );
    return { kind: 'second-factor', challengeToken };
  }
  return { kind: 'signed-in', user, sessionToken: await openSession(db, user, input.userAgent, now) };
}

export type SecondFactorResult =
  | { kind: 'signed-in'; user: User; sessionToken: string }
  | { kind: 'wrong-code' }
  | { kind: 'expired' }
  | { kind: 'suspended' }
  | { kind: 'throttled'; retryAfterMs: number };

/**
 * The second step of signing in: an authenticator code (each accepted once) or a recovery code
 * (spent). Wrong codes count as failed sign-ins of the account and the address, with the same
 * pauses, so six digits cannot be guessed at speed. The session starts only here.
 */
export async function completeSecondFactor(
  db: Db,
  input: { challengeToken: string; code: string; ip: string; userAgent: string | null },
  now: Date,
): Promise<SecondFactorResult> {
  const challenge = tokenHash(input.challengeToken);
  const userId = await findChallengeUser(db, challenge, now);
  const user = userId === undefined ? undefined : await findUserById(db, userId);
  if (!user) return { kind: 'expired' };
  const retryAfterMs = await loginWait(db, user.email, input.ip, now);
  if (retryAfterMs > 0) return { kind: 'throttled', retryAfterMs };
  return db.transaction().execute(async (tx): Promise<SecondFactorResult> => {
    if (!(await checkSecondFactor(tx, user.id, input.code.slice(0, 100), now))) {
      await recordLoginFailure(tx, user.email, input.ip, now);
      return { kind: 'wrong-code' };
    }
    if (!(await deleteChallenge(tx, challenge))) return { kind: 'expired' };
    if (await isUserSuspended(tx, user.id)) return { kind: 'suspended' };
    return { kind: 'signed-in', user, sessionToken: await openSession(tx, user, input.userAgent, now) };
  });
}

export interface SessionInfo {
  user: User;
  /** Sent back in every form the session posts; a request without it changes nothing. */
  csrfToken: string;
}

export function findSignedInUser(db: Db, sessionToken: string, now: Date): Promise<SessionInfo | undefined> {
  return findSession(db, tokenHash(sessionToken), now);
}

export function logout(db: Db, sessionToken: string): Promise<void> {
  return deleteSession(db, tokenHash(sessionToken));
}

/** Ends every session of this user but the current one: "sign out everywhere else". */
export function logoutElsewhere(db: Db, userId: number, currentSessionToken: string): Promise<number> {
  return deleteSessionsOfUser(db, userId, tokenHash(currentSessionToken));
}

/** Changes a password after checking the current one, and signs every other session out. */
export async function changePassword(db: Db, user: User, input: { current: string; next: string }, sessionToken: string, now: Date): Promise<void> {
  const found = await findUserForLogin(db, user.email);
  if (!found?.passwordHash || !(await verify(found.passwordHash, input.current.slice(0, MAX_PASSWORD_LENGTH + 1)))) {
    throw new DomainError('invalid', 'Wrong password', { current: 'This is not your current password.' });
  }
  checkPassword(input.next, 'next');
  const passwordHash = await hashPassword(input.next);
  await db.transaction().execute(async (tx) => {
    await updateUserPassword(tx, user.id, passwordHash, now);
    await deleteSessionsOfUser(tx, user.id, tokenHash(sessionToken));
  });
}
