import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { SESSION_LIFETIME_MS } from '../../domain/accounts.ts';
import { DomainError, NotFoundError } from '../../domain/errors.ts';
import { parseId } from '../forms/route-params.ts';
import {
  changePassword,
  completeSecondFactor,
  completeSetup,
  describeSetupLink,
  findSignedInUser,
  login,
  logout,
  logoutElsewhere,
  describePasswordReset,
  requestPasswordReset,
  resetPassword,
  RESET_LINK_NOT_VALID,
} from '../../services/accounts.ts';
import {
  AccountPage,
  LoginPage,
  LostPasswordPage,
  RecoveryCodesPage,
  ResetPasswordPage,
  ResumePage,
  SetupPage,
  TwoFactorIntroPage,
  TwoFactorLoginPage,
  TwoFactorSetupPage,
  type PendingForm,
} from '../../views/admin/account-pages.tsx';
import { TWO_FACTOR_CHALLENGE_LIFETIME_MS } from '../../domain/two-factor.ts';
import { confirmTwoFactorSetup, pendingTwoFactorSetup, startTwoFactorSetup, turnOffTwoFactor, twoFactorStatus } from '../../services/two-factor.ts';
import { LANGUAGES, type MessageKey, messagesFor } from '../../i18n/messages.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import { setOwnLanguage } from '../../services/users.ts';
import { createApplicationPassword, listApplicationPasswordsOf, revokeApplicationPassword } from '../../services/application-passwords.ts';
import { NewApplicationPasswordPage } from '../../views/admin/application-passwords.tsx';
import type { AppDeps } from '../app-env.ts';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from '../forms/form-text.ts';
import { clientAddress } from '../client-address.ts';
import { parseLanguageForm } from '../forms/language-form.ts';
import { renderPage } from '../render.ts';
import { originForLinks } from '../site-origin.ts';
import type { AdminEnv } from './admin-env.ts';
import type { FieldErrors } from '../../views/admin/fields.tsx';
import { adminMessages } from './admin-messages.ts';
import { adminChrome, safeNext, SESSION_COOKIE, signedIn, TWO_FACTOR_COOKIE } from './guard.tsx';

const SetupForm = z.object({
  token: z.string().default(''),
  displayName: z.string().trim().default(''),
  email: z.string().trim().default(''),
  password: z.string().default(''),
});

const Email = z.email();

/** Longest name a person may give themselves: the users table's limit. */
const MAX_DISPLAY_NAME = 100;

/** What the account page confirms, by the redirect's done=… */
const ACCOUNT_NOTICES: ReadonlyMap<string, MessageKey> = new Map([
  ['password', 'admin.account.passwordChanged'],
  ['sessions', 'admin.account.sessionsEnded'],
  ['two-factor-off', 'admin.twoFactor.turnedOff'],
  ['language', 'admin.account.languageSaved'],
  ['application-password-revoked', 'admin.appPasswords.revoked'],
]);

/** A form carried through sign-in after its session expired; anything malformed is dropped, not trusted. */
function readPending(fields: Record<string, string>): PendingForm | null {
  const action = fields._resume_action;
  if (!action?.startsWith('/admin/') || action.startsWith('//')) return null;
  try {
    const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(fields._resume_fields ?? ''));
    return parsed.success ? { action, fields: parsed.data } : null;
  } catch {
    return null;
  }
}

export function accountRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  const startSession = (c: Context<AdminEnv>, token: string) =>
    setCookie(c, SESSION_COOKIE, token, {
      path: '/admin',
      httpOnly: true,
      sameSite: 'Lax',
      secure: originForLinks(c, deps).startsWith('https:'),
      maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
    });

  app.get('/admin/login/', async (c) => {
    if (c.get('session')) return c.redirect(safeNext(c.req.query('next')), 303);
    const chrome = await adminChrome(deps, c);
    const notice = c.req.query('done') === 'reset' ? chrome.i18n.t('admin.lostPassword.reset.done') : null;
    return renderPage(c, <LoginPage {...chrome} email="" errors={{}} message={null} next={safeNext(c.req.query('next'))} pending={null} notice={notice} />);
  });

  app.post('/admin/login/', async (c) => {
    const fields = c.get('form');
    const email = (fields.email ?? '').trim();
    const next = safeNext(fields.next);
    const pending = readPending(fields);
    const result = await login(
      db,
      { email, password: fields.password ?? '', ip: clientAddress(c, deps.trustedProxies) ?? 'unknown', userAgent: c.req.header('user-agent') ?? null },
      now(),
    );
    if (result.kind === 'second-factor') {
      setCookie(c, TWO_FACTOR_COOKIE, result.challengeToken, {
        path: '/admin',
        httpOnly: true,
        sameSite: 'Lax',
        secure: originForLinks(c, deps).startsWith('https:'),
        maxAge: Math.floor(TWO_FACTOR_CHALLENGE_LIFETIME_MS / 1000),
      });
      const chrome = await adminChrome(deps, c);
      return renderPage(c, <TwoFactorLoginPage {...chrome} errors={{}} message={null} next={next} pending={pending} />);
    }
    if (result.kind !== 'signed-in') {
      const chrome = await adminChrome(deps, c);
      const throttled = result.kind === 'throttled';
      if (throttled) c.header('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      const { t } = chrome.i18n;
      const message = throttled
        ? t('admin.account.error.throttled', { minutes: Math.ceil(result.retryAfterMs / 60_000) })
        : result.kind === 'suspended'
          ? t('admin.account.error.suspended')
          : t('admin.account.error.wrongSignIn');
      const status = throttled ? 429 : result.kind === 'suspended' ? 403 : 401;
      return renderPage(c, <LoginPage {...chrome} email={email} errors={{}} message={message} next={next} pending={pending} />, status);
    }
    return signedInNow(c, result.sessionToken, next, pending);
  });

  /** A session has just started: on to where the user was going, or to the form they had not sent yet. */
  const signedInNow = async (c: Context<AdminEnv>, sessionToken: string, next: string, pending: PendingForm | null) => {
    startSession(c, sessionToken);
    if (pending) {
      const session = await findSignedInUser(db, sessionToken, now());
      c.set('session', session);
      const chrome = await adminChrome(deps, c);
      return renderPage(c, <ResumePage {...chrome} pending={pending} />);
    }
    return c.redirect(next, 303);
  };

  app.post('/admin/login/code/', async (c) => {
    const fields = c.get('form');
    const next = safeNext(fields.next);
    const pending = readPending(fields);
    const result = await completeSecondFactor(
      db,
      {
        challengeToken: getCookie(c, TWO_FACTOR_COOKIE) ?? '',
        code: fields.code ?? '',
        ip: clientAddress(c, deps.trustedProxies) ?? 'unknown',
        userAgent: c.req.header('user-agent') ?? null,
      },
      now(),
    );
    const chrome = await adminChrome(deps, c);
    if (result.kind === 'signed-in') {
      deleteCookie(c, TWO_FACTOR_COOKIE, { path: '/admin' });
      return signedInNow(c, result.sessionToken, next, pending);
    }
    if (result.kind === 'expired' || result.kind === 'suspended') {
      deleteCookie(c, TWO_FACTOR_COOKIE, { path: '/admin' });
      const message = result.kind === 'expired' ? chrome.i18n.t('admin.twoFactor.error.expired') : chrome.i18n.t('admin.account.error.suspended');
      return renderPage(
        c,
        <LoginPage {...chrome} email="" errors={{}} message={message} next={next} pending={pending} />,
        result.kind === 'expired' ? 401 : 403,
      );
    }
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      const message = chrome.i18n.t('admin.account.error.throttled', { minutes: Math.ceil(result.retryAfterMs / 60_000) });
      return renderPage(c, <TwoFactorLoginPage {...chrome} errors={{}} message={message} next={next} pending={pending} />, 429);
    }
    const errors = { code: chrome.i18n.t('admin.twoFactor.error.wrongSignInCode') };
    return renderPage(c, <TwoFactorLoginPage {...chrome} errors={errors} message={null} next={next} pending={pending} />, 401);
  });

  app.post('/admin/logout/', async (c) => {
    const token = c.get('sessionToken');
    if (token) await logout(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.redirect('/admin/login/', 303);
  });

  const setupPage = async (
    c: Context<AdminEnv>,
    token: string,
    values: { displayName: string; email: string },
    errors: Record<string, string>,
    message: string | null,
    status: 200 | 403 | 422 = 200,
  ) => {
    const link = await describeSetupLink(db, token, now());
    const chrome = await adminChrome(deps, c);
    if (!link)
      throw new DomainError(
        'forbidden',
        'This setup link has expired or has already been used. Ask an administrator for a new one; a new site prints a new link each time it starts without an owner.',
      );
    return renderPage(
      c,
      <SetupPage {...chrome} token={token} invited={link.user} values={values} errors={adminMessages(errors, chrome.i18n)} message={message} />,
      status,
    );
  };

  app.get('/admin/setup/', (c) => setupPage(c, c.req.query('token') ?? '', { displayName: '', email: '' }, {}, null));

  app.post('/admin/setup/', async (c) => {
    const input = SetupForm.parse(c.get('form'));
    const link = await describeSetupLink(db, input.token, now());
    if (!link) return setupPage(c, input.token, input, {}, null);
    const email = link.user ? link.user.email : input.email;
    const errors: Record<string, string> = {};
    const { t } = (await adminChrome(deps, c)).i18n;
    if (!link.user) {
      if (!input.displayName) errors.displayName = t('admin.account.error.nameRequired');
      else if ([...input.displayName].length > MAX_DISPLAY_NAME) errors.displayName = t('admin.account.error.nameTooLong', { max: MAX_DISPLAY_NAME });
      else if (hasControlCharacters(input.displayName)) errors.displayName = CONTROL_CHARACTERS_MESSAGE;
      if (!Email.safeParse(email).success) errors.email = t('admin.account.error.emailInvalid');
    }
    if (Object.keys(errors).length > 0) return setupPage(c, input.token, input, errors, null, 422);
    try {
      await completeSetup(db, input.token, { displayName: link.user?.displayName ?? input.displayName, email, password: input.password }, now());
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid') return setupPage(c, input.token, input, { ...error.fields }, null, 422);
      throw error;
    }
    const result = await login(
      db,
      { email, password: input.password, ip: clientAddress(c, deps.trustedProxies) ?? 'unknown', userAgent: c.req.header('user-agent') ?? null },
      now(),
    );
    if (result.kind === 'signed-in') startSession(c, result.sessionToken);
    return c.redirect('/admin/', 303);
  });

  app.get('/admin/lost-password/', async (c) => {
    const chrome = await adminChrome(deps, c);
    return renderPage(c, <LostPasswordPage {...chrome} email="" errors={{}} message={null} sent={false} />);
  });

  app.post('/admin/lost-password/', async (c) => {
    const email = (c.get('form').email ?? '').trim();
    const chrome = await adminChrome(deps, c);
    if (!Email.safeParse(email).success) {
      return renderPage(
        c,
        <LostPasswordPage {...chrome} email={email} errors={{ email: chrome.i18n.t('admin.account.error.emailInvalid') }} message={null} sent={false} />,
        422,
      );
    }
    const result = await requestPasswordReset(
      db,
      { email, ip: clientAddress(c, deps.trustedProxies) ?? 'unknown' },
      { origin: originForLinks(c, deps) },
      now(),
    );
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      const message = chrome.i18n.t('admin.lostPassword.error.throttled', { minutes: Math.ceil(result.retryAfterMs / 60_000) });
      return renderPage(c, <LostPasswordPage {...chrome} email={email} errors={{}} message={message} sent={false} />, 429);
    }
    deps.mail?.wake();
    return renderPage(c, <LostPasswordPage {...chrome} email={email} errors={{}} message={null} sent />);
  });

  const resetPage = async (c: Context<AdminEnv>, token: string, errors: Record<string, string>, status: 200 | 422 = 200) => {
    const account = await describePasswordReset(db, token, now());
    if (!account) throw new DomainError('forbidden', RESET_LINK_NOT_VALID);
    const chrome = await adminChrome(deps, c);
    return renderPage(c, <ResetPasswordPage {...chrome} token={token} account={account} errors={adminMessages(errors, chrome.i18n)} />, status);
  };

  app.get('/admin/reset-password/', (c) => resetPage(c, c.req.query('token') ?? '', {}));

  app.post('/admin/reset-password/', async (c) => {
    const fields = c.get('form');
    const token = fields.token ?? '';
    try {
      await resetPassword(db, token, fields.password ?? '', now());
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid') return resetPage(c, token, { ...error.fields }, 422);
      throw error;
    }
    // The sessions of this browser ended with the others; its cookie opens nothing now.
    deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.redirect('/admin/login/?done=reset', 303);
  });

  /** The account page's language section: every catalogue, and the site's language as the default. */
  const languageProps = async (c: Context<AdminEnv>, chosen?: string) => {
    const settings = await loadSiteSettings(db);
    const languages = LANGUAGES.map((code) => ({ code, name: messagesFor(code).t('language.name') }));
    return {
      languages,
      siteLanguageName: messagesFor(settings.language).t('language.name'),
      language: chosen ?? signedIn(c).user.language ?? '',
    };
  };

  /** The account page with everything it shows; a form sent back with mistakes passes its errors (422). */
  const accountPage = async (
    c: Context<AdminEnv>,
    chrome: Awaited<ReturnType<typeof adminChrome>>,
    shown: { errors?: FieldErrors; notice?: string | null; language?: string; applicationPasswordName?: string },
    status: 200 | 422 = 200,
  ) => {
    const user = signedIn(c).user;
    const [twoFactor, applicationPasswords, language] = await Promise.all([
      twoFactorStatus(db, user.id),
      listApplicationPasswordsOf(db, user),
      languageProps(c, shown.language),
    ]);
    return renderPage(
      c,
      <AccountPage
        {...chrome}
        {...language}
        errors={adminMessages(shown.errors ?? {}, chrome.i18n)}
        notice={shown.notice ?? null}
        twoFactor={twoFactor}
        applicationPasswords={applicationPasswords}
        applicationPasswordName={shown.applicationPasswordName}
      />,
      status,
    );
  };

  app.get('/admin/account/', async (c) => {
    const chrome = await adminChrome(deps, c);
    const done = c.req.query('done');
    const key = ACCOUNT_NOTICES.get(done ?? '');
    const notice = key ? chrome.i18n.t(key) : null;
    return accountPage(c, chrome, { notice });
  });

  app.post('/admin/account/language/', async (c) => {
    const session = signedIn(c);
    const fields = c.get('form');
    const chrome = await adminChrome(deps, c);
    const form = parseLanguageForm(fields, chrome.i18n);
    if (!form.ok) {
      return accountPage(c, chrome, { errors: form.errors, language: fields.language ?? '' }, 422);
    }
    await setOwnLanguage(db, session.user, form.language, now());
    return c.redirect('/admin/account/?done=language', 303);
  });

  app.post('/admin/account/password/', async (c) => {
    const session = signedIn(c);
    const fields = c.get('form');
    try {
      await changePassword(db, session.user, { current: fields.current ?? '', next: fields.next ?? '' }, c.get('sessionToken') ?? '', now());
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      const chrome = await adminChrome(deps, c);
      return accountPage(c, chrome, { errors: { ...error.fields } }, 422);
    }
    return c.redirect('/admin/account/?done=password', 303);
  });

  app.get('/admin/account/two-factor/', async (c) => {
    const session = signedIn(c);
    if ((await twoFactorStatus(db, session.user.id)).enabled) return c.redirect('/admin/account/', 303);
    const chrome = await adminChrome(deps, c);
    const pendingSetup = await pendingTwoFactorSetup(db, session.user);
    if (pendingSetup) return renderPage(c, <TwoFactorSetupPage {...chrome} secret={pendingSetup.secret} qrCode={pendingSetup.qrCode} errors={{}} />);
    return renderPage(c, <TwoFactorIntroPage {...chrome} required={c.req.query('required') === '1'} />);
  });

  app.post('/admin/account/two-factor/', async (c) => {
    const session = signedIn(c);
    if ((await twoFactorStatus(db, session.user.id)).enabled) return c.redirect('/admin/account/', 303);
    const setup = await startTwoFactorSetup(db, session.user, now());
    const chrome = await adminChrome(deps, c);
    return renderPage(c, <TwoFactorSetupPage {...chrome} secret={setup.secret} qrCode={setup.qrCode} errors={{}} />);
  });

  app.post('/admin/account/two-factor/confirm/', async (c) => {
    const session = signedIn(c);
    const chrome = await adminChrome(deps, c);
    try {
      const codes = await confirmTwoFactorSetup(db, session.user, c.get('form').code ?? '', now());
      return renderPage(c, <RecoveryCodesPage {...chrome} codes={codes} />);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const pendingSetup = error.code === 'invalid' ? await pendingTwoFactorSetup(db, session.user) : undefined;
      if (!pendingSetup) return c.redirect('/admin/account/two-factor/', 303);
      return renderPage(
        c,
        <TwoFactorSetupPage {...chrome} secret={pendingSetup.secret} qrCode={pendingSetup.qrCode} errors={adminMessages({ ...error.fields }, chrome.i18n)} />,
        422,
      );
    }
  });

  app.post('/admin/account/two-factor/off/', async (c) => {
    const session = signedIn(c);
    try {
      await turnOffTwoFactor(db, session.user, c.get('form').password ?? '', now());
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      const chrome = await adminChrome(deps, c);
      return accountPage(c, chrome, { errors: { ...error.fields } }, 422);
    }
    return c.redirect('/admin/account/?done=two-factor-off', 303);
  });

  app.post('/admin/account/application-passwords/', async (c) => {
    const session = signedIn(c);
    const name = c.get('form').name ?? '';
    const chrome = await adminChrome(deps, c);
    try {
      if (hasControlCharacters(name)) throw new DomainError('invalid', CONTROL_CHARACTERS_MESSAGE, { name: CONTROL_CHARACTERS_MESSAGE });
      const created = await createApplicationPassword(db, session.user, name, now());
      return renderPage(c, <NewApplicationPasswordPage {...chrome} name={created.name} password={created.password} />);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return accountPage(c, chrome, { errors: { ...error.fields }, applicationPasswordName: name }, 422);
    }
  });

  app.post('/admin/account/application-passwords/:id/revoke/', async (c) => {
    const session = signedIn(c);
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new NotFoundError('Application password');
    await revokeApplicationPassword(db, session.user, id);
    return c.redirect('/admin/account/?done=application-password-revoked', 303);
  });

  app.post('/admin/account/sessions/', async (c) => {
    const session = signedIn(c);
    await logoutElsewhere(db, session.user.id, c.get('sessionToken') ?? '');
    return c.redirect('/admin/account/?done=sessions', 303);
  });

  return app;
}
