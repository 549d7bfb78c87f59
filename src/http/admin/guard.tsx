import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { can, type SiteAction } from '../../domain/users.ts';
import { DomainError } from '../../domain/errors.ts';
import { findSignedInUser, type SessionInfo } from '../../services/accounts.ts';
import { mustSetUpTwoFactor } from '../../services/two-factor.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import type { AdminChrome } from '../../views/admin/admin-layout.tsx';
import { LoginPage } from '../../views/admin/account-pages.tsx';
import { pageLocale } from '../../views/format.ts';
import type { AppDeps } from '../app-env.ts';
import { UPLOADS_IN_FLIGHT, UploadBudget } from '../../services/media-variants.ts';
import { limitBody, readForm, type FileLimits } from '../forms/form-body.ts';
import { adminStylesheetPath, stylesheetPath } from '../public/assets.ts';
import { renderPage } from '../render.ts';
import { ADMIN_CSP } from '../security-headers.ts';
import type { AdminEnv } from './admin-env.ts';

export const SESSION_COOKIE = 'wirepress_session';
/** Between the password and the second factor: names the waiting sign-in, opens nothing by itself. */
export const TWO_FACTOR_COOKIE = 'wirepress_two_factor';

/** Largest admin form accepted: a long article with its sources and notes. */
export const MAX_ADMIN_BODY_BYTES = 2 * 1024 * 1024;

/** Files sent with one upload of the library: a photographer's selection, not an archive. */
export const MAX_FILES_PER_UPLOAD = 10;

/** The identity form: a logo and an icon of MAX_IMAGE_BYTES each (services/identity.ts), and the fields. */
export const MAX_IDENTITY_BODY_BYTES = 5 * 1024 * 1024;

/** Forms that may carry images, and the fields that hold them: the library's upload, the post editor's featured image, the site's logo and icon. */
function fileFieldsOf(path: string): ReadonlySet<string> {
  if (path === '/admin/media/upload/') return new Set(['files']);
  if (path === '/admin/settings/identity/') return new Set(['logo', 'icon']);
  if (/^\/admin\/posts\/(?:new|[1-9]\d*)\/$/.test(path)) return new Set(['featured_upload']);
  return new Set();
}

/** Admin pages anyone may open: signing in, the one-time setup link, and choosing a new password. */
const OPEN_PATHS = new Set(['/admin/login', '/admin/login/code', '/admin/setup', '/admin/lost-password', '/admin/reset-password']);

export async function adminChrome(deps: AppDeps, c: Context<AdminEnv>): Promise<AdminChrome> {
  const settings = await loadSiteSettings(deps.database.db);
  const session = c.get('session');
  return {
    siteTitle: settings.title,
    // The user's own language, else the site's: the sign-in page is in the site's. Dates are in
    // the site's time zone whatever the language, as every editor's clock is the newsroom's.
    i18n: pageLocale(session?.user.language ?? settings.language, settings.timezone),
    stylesheets: [stylesheetPath(), adminStylesheetPath()],
    user: session?.user ?? null,
    csrfToken: session?.csrfToken ?? null,
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where to return after signing in: only a path inside the admin, never another site. */
export function safeNext(value: string | undefined): string {
  return value?.startsWith('/admin/') && !/[\\\s]|\.\.|\/\//.test(value) ? value : '/admin/';
}

/**
 * Every admin request passes here. Admin pages are never cached or framed. A request without a
 * session may only sign in or use a setup link: a page asks to sign in, a form gets 401 and the
 * sign-in page carrying what was typed. Every form sent with a session must carry the
 * session's CSRF token, or nothing happens (403).
 */
export function adminGuard(deps: AppDeps): MiddlewareHandler<AdminEnv>[] {
  const now = deps.now ?? (() => new Date());
  const limit = limitBody<AdminEnv>(MAX_ADMIN_BODY_BYTES, () => new HTTPException(413, { message: 'This form is too large to send (the limit is 2 MB).' }));
  const maxImageBytes = deps.media?.options.maxUploadBytes ?? 25 * 1024 * 1024;
  const megabytes = Math.round(maxImageBytes / 1024 / 1024);
  // Judged by Content-Length before a byte of the body is read: a file past the limit is refused at once.
  const limitUpload = limitBody<AdminEnv>(
    maxImageBytes * MAX_FILES_PER_UPLOAD + MAX_ADMIN_BODY_BYTES,
    () =>
      new HTTPException(413, {
        message: `These files are too large to send: each image may be up to ${megabytes} MB, and at most ${MAX_FILES_PER_UPLOAD} go at once.`,
      }),
  );
  const limitEditor = limitBody<AdminEnv>(
    maxImageBytes + MAX_ADMIN_BODY_BYTES,
    () =>
      new HTTPException(413, {
        message: `This image is too large to send: the limit is ${megabytes} MB. Your text was not saved: go back, and send it without the image.`,
      }),
  );
  const limitIdentity = limitBody<AdminEnv>(
    MAX_IDENTITY_BODY_BYTES,
    () => new HTTPException(413, { message: `This form is too large to send (the limit is ${MAX_IDENTITY_BODY_BYTES / 1024 / 1024} MB).` }),
  );
  // One budget for the process: the library's uploads, the post editor's and the REST API's draw on it; the logo and icon are small and bounded by their form.
  const budget = deps.media?.uploadBudget ?? new UploadBudget(UPLOADS_IN_FLIGHT * maxImageBytes);
  const fileLimits = (path: string): FileLimits | undefined => {
    const fileFields = fileFieldsOf(path);
    if (fileFields.has('files')) return { maxFileBytes: maxImageBytes, maxFiles: MAX_FILES_PER_UPLOAD + 1, budget };
    if (fileFields.has('featured_upload')) return { maxFileBytes: maxImageBytes, maxFiles: 2, budget };
    if (fileFields.size > 0) return { maxFileBytes: MAX_IDENTITY_BODY_BYTES, maxFiles: fileFields.size + 1 };
    return undefined;
  };
  const limits: MiddlewareHandler<AdminEnv> = (c, next) => {
    if (c.req.path === '/admin/settings/identity/') return limitIdentity(c, next);
    const fileFields = fileFieldsOf(c.req.path);
    if (fileFields.has('files')) return limitUpload(c, next);
    if (fileFields.size > 0) return limitEditor(c, next);
    return limit(c, next);
  };
  const guard: MiddlewareHandler<AdminEnv> = async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('Content-Security-Policy', ADMIN_CSP);
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await findSignedInUser(deps.database.db, token, now()) : undefined;
    c.set('session', session);
    c.set('sessionToken', session ? token : undefined);
    const isPost = c.req.method === 'POST';
    c.set('files', {});
    c.set('uploadBusy', false);
    if (!isPost) return checked(c, next, session);
    const form = await readForm(c, fileFieldsOf(c.req.path), fileLimits(c.req.path));
    c.set('form', form.fields);
    c.set('files', form.files);
    c.set('uploadBusy', form.busy);
    try {
      return await checked(c, next, session);
    } finally {
      // The files' bytes are stored or refused by now: other uploads may use their share of the budget.
      form.release();
    }
  };
  const checked = async (c: Context<AdminEnv>, next: Next, session: SessionInfo | undefined) => {
    const isPost = c.req.method === 'POST';
    const path = c.req.path.replace(/\/$/, '');
    if (OPEN_PATHS.has(path)) return next();
    if (!session) {
      if (!isPost) {
        const nextPath = new URL(c.req.url).pathname + new URL(c.req.url).search;
        return c.redirect(`/admin/login/?next=${encodeURIComponent(nextPath)}`, 302);
      }
      const chrome = await adminChrome(deps, c);
      const { _csrf: _, ...fields } = c.get('form');
      return renderPage(
        c,
        <LoginPage
          {...chrome}
          email=""
          errors={{}}
          message={chrome.i18n.t('admin.account.error.signInAgain')}
          next="/admin/"
          pending={{ action: c.req.path, fields }}
        />,
        401,
      );
    }
    if (isPost && !sameSecret(c.get('form')._csrf ?? '', session.csrfToken)) {
      throw new HTTPException(403, { message: 'This form has expired or did not come from this site. Go back, reload the page and send it again.' });
    }
    // Only pages: a form already typed is still saved, and the next page asks for the setup.
    if (!isPost && !path.startsWith('/admin/account') && (await mustSetUpTwoFactor(deps.database.db, session.user))) {
      return c.redirect('/admin/account/two-factor/?required=1', 303);
    }
    return next();
  };
  return [limits, guard];
}

/** Stops a request whose user's role does not allow this (403). */
export function requireAction(c: Context<AdminEnv>, action: SiteAction) {
  const session = c.get('session');
  if (!session || !can(session.user, action)) throw new DomainError('forbidden', 'Your role does not allow this.');
  return session;
}

/** The signed-in user's session; the guard has already sent anyone without one to sign in. */
export function signedIn(c: Context<AdminEnv>) {
  const session = c.get('session');
  if (!session) throw new DomainError('forbidden', 'Please sign in.');
  return session;
}
