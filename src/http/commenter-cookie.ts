import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';

/**
 * The cookie that remembers a commenter's name, email and website, set only when they tick
 * WordPress's consent box. Pages for a reader who has it differ per reader: the page cache
 * neither serves them nor keeps them (it looks for this name).
 */
export const COMMENTER_COOKIE = 'wirepress_commenter';

/** WordPress's consent box: its field name and words, which readers and themes know. */
export const CONSENT_FIELD = 'wp-comment-cookies-consent';

/** A year, as WordPress keeps its comment_author cookies. */
const REMEMBER_SECONDS = 365 * 24 * 60 * 60;

const Remembered = z.object({ author: z.string().max(245), email: z.string().max(100), url: z.string().max(200) });
export type RememberedCommenter = z.infer<typeof Remembered>;

/** What the cookie remembers, or null when there is none or it is not one this site wrote. */
export function readCommenterCookie(c: Context): RememberedCommenter | null {
  const raw = getCookie(c, COMMENTER_COOKIE);
  if (!raw) return null;
  try {
    const parsed = Remembered.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** After a comment is accepted: remember the commenter if they agreed, forget them if they did not. */
export function rememberCommenter(c: Context, consent: boolean, who: RememberedCommenter, secure: boolean): void {
  if (!consent) {
    if (getCookie(c, COMMENTER_COOKIE) !== undefined) deleteCookie(c, COMMENTER_COOKIE, { path: '/' });
    return;
  }
  setCookie(c, COMMENTER_COOKIE, Buffer.from(JSON.stringify(who)).toString('base64url'), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    maxAge: REMEMBER_SECONDS,
  });
}
