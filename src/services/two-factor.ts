import { createHash, randomInt } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { Authenticator } from '@otplib/core';
import { keyDecoder, keyEncoder } from '@otplib/plugin-base32-enc-dec';
import { createDigest, createRandomBytes } from '@otplib/plugin-crypto';
import QRCode from 'qrcode';
import { MAX_PASSWORD_LENGTH } from '../domain/accounts.ts';
import { DomainError } from '../domain/errors.ts';
import { asTotpCode, mustUseTwoFactor, normalizeRecoveryCode, RECOVERY_CODE_COUNT, TOTP_STEP_MS, TOTP_WINDOW_STEPS } from '../domain/two-factor.ts';
import type { User } from '../domain/users.ts';
import type { Db, Executor } from '../storage/db.ts';
import {
  claimRecoveryCode,
  claimTotpStep,
  clearTotp,
  countUnusedRecoveryCodes,
  enableTotp,
  findTotpState,
  hasTwoFactor,
  putPendingTotpSecret,
  replaceRecoveryCodes,
} from '../storage/two-factor.ts';
import { findUserForLogin } from '../storage/users.ts';
import { loadSiteSettings } from './settings.ts';

/**
 * otplib's authenticator (RFC 6238: SHA-1, six digits, 30 seconds, as every app expects), put
 * together from its parts: the ready-made preset decodes base32 with a package that calls the
 * deprecated Buffer constructor, which warns once the code is bundled.
 */
const authenticator = new Authenticator({ createDigest, createRandomBytes, keyDecoder, keyEncoder });

/** Letters and digits that cannot be mistaken for one another when copied from paper. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_CODE_LENGTH = 10;

function recoveryHash(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}

function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i += 1) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * The 30-second step a code belongs to, when it is right for this secret at `now` (one step of
 * clock drift either way), or undefined.
 */
function totpStep(code: string, secret: string, now: Date): number | undefined {
  const digits = asTotpCode(code);
  if (!digits) return undefined;
  const checker = authenticator.clone({ epoch: now.getTime(), window: TOTP_WINDOW_STEPS });
  const delta = checker.checkDelta(digits, secret);
  if (delta === null) return undefined;
  return Math.floor(now.getTime() / TOTP_STEP_MS) + delta;
}

export interface TwoFactorSetup {
  secret: string;
  /** The otpauth:// address an authenticator app reads from the QR code. */
  uri: string;
  /** The QR code as a PNG data: URL (the admin's Content-Security-Policy allows data: images). */
  qrCode: string;
}

/** Describes a secret for the setup page: the QR code and the text to type by hand. */
async function describeSecret(db: Executor, user: User, secret: string): Promise<TwoFactorSetup> {
  const { title } = await loadSiteSettings(db);
  const uri = authenticator.keyuri(user.email, title, secret);
  return { secret, uri, qrCode: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, scale: 5 }) };
}

/** Starts setting up two-factor sign-in with a new secret; it is on only once a code confirms it. */
export async function startTwoFactorSetup(db: Db, user: User, now: Date): Promise<TwoFactorSetup> {
  const state = await findTotpState(db, user.id);
  if (state?.enabled) throw new DomainError('conflict', 'Two-factor sign-in is already on. Turn it off first to use another app.');
  const secret = authenticator.generateSecret();
  await putPendingTotpSecret(db, user.id, secret, now);
  return describeSecret(db, user, secret);
}

/** The secret being set up, shown again when the first code was wrong; undefined when none is pending. */
export async function pendingTwoFactorSetup(db: Db, user: User): Promise<TwoFactorSetup | undefined> {
  const state = await findTotpState(db, user.id);
  if (!state?.secret || state.enabled) return undefined;
  return describeSecret(db, user, state.secret);
}

/**
 * Turns two-factor sign-in on once the first code from the app is right, and returns the
 * recovery codes, shown this once: only their hashes are kept.
 */
export async function confirmTwoFactorSetup(db: Db, user: User, code: string, now: Date): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const state = await findTotpState(tx, user.id);
    if (!state?.secret || state.enabled) throw new DomainError('conflict', 'There is no two-factor setup waiting. Start again from your account page.');
    const step = totpStep(code, state.secret, now);
    if (step === undefined) throw new DomainError('invalid', 'Wrong code', { code: 'This code is not right. Type the six digits the app shows now.' });
    await enableTotp(tx, user.id, step, now);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await replaceRecoveryCodes(tx, user.id, codes.map(recoveryHash), now);
    return codes;
  });
}

/** Turns two-factor sign-in off after checking the password; the secret and recovery codes are forgotten. */
export async function turnOffTwoFactor(db: Db, user: User, password: string, now: Date): Promise<void> {
  const found = await findUserForLogin(db, user.email);
  if (!found?.passwordHash || !(await verify(found.passwordHash, password.slice(0, MAX_PASSWORD_LENGTH + 1)))) {
    throw new DomainError('invalid', 'Wrong password', { password: 'This is not your current password.' });
  }
  await db.transaction().execute((tx) => clearTotp(tx, user.id, now));
}

/** Whether the site requires this user to sign in with a second factor and they have not set one up. */
export async function mustSetUpTwoFactor(db: Db, user: User): Promise<boolean> {
  if (!mustUseTwoFactor(user, await loadSiteSettings(db))) return false;
  return !(await hasTwoFactor(db, user.id));
}

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Db, userId: number): Promise<TwoFactorStatus> {
  const state = await findTotpState(db, userId);
  return { enabled: state?.enabled ?? false, recoveryCodesLeft: state?.enabled ? await countUnusedRecoveryCodes(db, userId) : 0 };
}

/**
 * Checks a second factor at sign-in: an authenticator code not used before, or an unused
 * recovery code, which is spent.
 */
export async function checkSecondFactor(tx: Executor, userId: number, input: string, now: Date): Promise<boolean> {
  const state = await findTotpState(tx, userId);
  if (!state?.enabled || !state.secret) return false;
  const step = totpStep(input, state.secret, now);
  if (step !== undefined) return claimTotpStep(tx, userId, step);
  const normalized = normalizeRecoveryCode(input);
  if (normalized.length !== RECOVERY_CODE_LENGTH) return false;
  return claimRecoveryCode(tx, userId, recoveryHash(normalized), now);
}
