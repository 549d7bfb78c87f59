/** Two-factor sign-in with an authenticator app (TOTP, RFC 6238) and one-time recovery codes. */
import type { SiteSettings } from './settings.ts';
import { can, type User } from './users.ts';

/** Recovery codes given at setup: enough for a lost phone or two, few enough to write down. */
export const RECOVERY_CODE_COUNT = 10;
/** How long after the password the code may be typed: time to open the app, too short to park a half sign-in. */
export const TWO_FACTOR_CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** Codes one 30-second step either side of now are accepted, for a phone whose clock is a little off. */
export const TOTP_WINDOW_STEPS = 1;
export const TOTP_STEP_MS = 30 * 1000;

/** Whether the site's setting makes this user sign in with a second factor: editors and above. */
export function mustUseTwoFactor(user: Pick<User, 'role'>, settings: Pick<SiteSettings, 'requireTwoFactorForStaff'>): boolean {
  return settings.requireTwoFactorForStaff && can(user, 'edit_others');
}

/** An authenticator code as typed: six digits, spaces allowed ("123 456"). */
export function asTotpCode(input: string): string | undefined {
  const digits = input.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** A recovery code as stored: lower case, without the dash or spaces it was shown or typed with. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}
