import { MIN_PASSWORD_LENGTH } from '../../domain/accounts.ts';
import { RECOVERY_CODE_COUNT } from '../../domain/two-factor.ts';
import { ROLE_NAMES, type User } from '../../domain/users.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';
import type { ApplicationPassword } from '../../domain/application-passwords.ts';
import { ApplicationPasswordsSection } from './application-passwords.tsx';

/** Fields of a form whose session had expired, carried through sign-in so nothing typed is lost. */
export interface PendingForm {
  action: string;
  fields: Record<string, string>;
}

function PendingFields({ pending }: { pending: PendingForm | null }) {
  if (!pending) return null;
  return (
    <>
      <input type="hidden" name="_resume_action" value={pending.action} />
      <input type="hidden" name="_resume_fields" value={JSON.stringify(pending.fields)} />
    </>
  );
}

export interface LoginPageProps extends AdminChrome {
  email: string;
  errors: FieldErrors;
  message: string | null;
  next: string;
  pending: PendingForm | null;
  /** A confirmation above the form ("Your password has been changed."). */
  notice?: string | null;
}

export function LoginPage(props: LoginPageProps) {
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.login.title')}>
      {props.pending ? (
        <p class="admin-warning" role="alert">
          {t('admin.login.pending')}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary errors={props.errors} message={props.message} />
      <form method="post" action="/admin/login/" class="admin-form narrow">
        <input type="hidden" name="next" value={props.next} />
        <PendingFields pending={props.pending} />
        <Field name="email" label={t('admin.login.email')} type="email" value={props.email} errors={props.errors} required autocomplete="username" />
        <Field name="password" label={t('admin.login.password')} type="password" errors={props.errors} required autocomplete="current-password" />
        <p>
          <button type="submit">{t('admin.login.submit')}</button>
        </p>
      </form>
      <p>
        <a href="/admin/lost-password/">{t('admin.login.lostPassword')}</a>
      </p>
    </AdminLayout>
  );
}

/** After signing in with a form still unsent: the form again, ready to send with the new session. */
export function ResumePage(props: AdminChrome & { pending: PendingForm }) {
  return (
    <AdminLayout {...props} title="Send your changes">
      <p>You are signed in again. Your changes have not been saved yet.</p>
      <form method="post" action={props.pending.action}>
        <CsrfField token={props.csrfToken} />
        {Object.entries(props.pending.fields).map(([name, value]) => (name === '_csrf' ? '' : <input type="hidden" name={name} value={value} />))}
        <p>
          <button type="submit">Send my changes</button>
        </p>
      </form>
    </AdminLayout>
  );
}

export interface SetupPageProps extends AdminChrome {
  token: string;
  /** The invited user, or null for the first-run owner setup. */
  invited: User | null;
  values: { displayName: string; email: string };
  errors: FieldErrors;
  message: string | null;
}

export function SetupPage(props: SetupPageProps) {
  const { invited } = props;
  return (
    <AdminLayout {...props} title={invited ? 'Choose your password' : 'Set up your site'}>
      {invited ? (
        <p>
          Welcome, {invited.displayName}. You have been invited as {ROLE_NAMES[invited.role].toLowerCase()} with the email {invited.email}. Choose a password to
          sign in.
        </p>
      ) : (
        <p>Create the owner account. The owner manages the site, its users and its settings. This link works once.</p>
      )}
      <ErrorSummary errors={props.errors} message={props.message} />
      <form method="post" action="/admin/setup/" class="admin-form narrow">
        <input type="hidden" name="token" value={props.token} />
        {invited ? (
          ''
        ) : (
          <>
            <Field name="displayName" label="Your name" value={props.values.displayName} errors={props.errors} required autocomplete="name" maxlength={100} />
            <Field name="email" label="Email" type="email" value={props.values.email} errors={props.errors} required autocomplete="username" />
          </>
        )}
        <Field
          name="password"
          label="Password"
          type="password"
          errors={props.errors}
          required
          autocomplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        />
        <p>
          <button type="submit">{invited ? 'Save password' : 'Create owner account'}</button>
        </p>
      </form>
    </AdminLayout>
  );
}

export interface AccountPageProps extends AdminChrome {
  errors: FieldErrors;
  notice: string | null;
  twoFactor: { enabled: boolean; recoveryCodesLeft: number };
  /** The languages there is a catalogue for, each named in its own words; the site's comes first as the default. */
  languages: ReadonlyArray<{ code: string; name: string }>;
  /** The site's language, named in the user's. */
  siteLanguageName: string;
  /** The user's own choice as sent or stored; '' follows the site. */
  language: string;
  applicationPasswords: ApplicationPassword[];
  /** The name typed for a new application password, kept when it is refused. */
  applicationPasswordName?: string;
}

/** The language the admin speaks to this user: the site's unless they choose another. */
function LanguageSection(props: AccountPageProps) {
  const { t } = props.i18n;
  const error = props.errors.language;
  return (
    <section aria-labelledby="language-heading">
      <h2 id="language-heading">{t('admin.account.language')}</h2>
      <form method="post" action="/admin/account/language/" class="admin-form narrow">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="language">{t('admin.account.languageLabel')}</label>
          <span class="field-hint" id="language-hint">
            {t('admin.account.languageHint')}
          </span>
          <select
            id="language"
            name="language"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'language-hint language-error' : 'language-hint'}
          >
            <option value="" selected={props.language === ''}>
              {t('admin.account.siteLanguage', { language: props.siteLanguageName })}
            </option>
            {props.languages.map((l) => (
              <option value={l.code} lang={l.code} selected={l.code === props.language}>
                {l.name}
              </option>
            ))}
          </select>
          <FieldError id="language" message={error} />
        </div>
        <p>
          <button type="submit">{t('admin.account.saveLanguage')}</button>
        </p>
      </form>
    </section>
  );
}

/** After the password, for a user with two-factor sign-in: the code from the app, or a recovery code. */
export function TwoFactorLoginPage(props: AdminChrome & { errors: FieldErrors; message: string | null; next: string; pending: PendingForm | null }) {
  return (
    <AdminLayout {...props} title="Two-factor sign-in">
      <ErrorSummary errors={props.errors} message={props.message} />
      <p>Open the authenticator app on your phone and type the six-digit code it shows for this site.</p>
      <form method="post" action="/admin/login/code/" class="admin-form narrow">
        <input type="hidden" name="next" value={props.next} />
        <PendingFields pending={props.pending} />
        <Field
          name="code"
          label="Code"
          errors={props.errors}
          required
          autocomplete="one-time-code"
          maxlength={20}
          hint="No phone at hand? Type one of your recovery codes instead; each works once."
        />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
      <p>
        <a href="/admin/login/">Start again</a>
      </p>
    </AdminLayout>
  );
}

/** Before setting up: why, and the button that makes a secret (a GET writes nothing). */
export function TwoFactorIntroPage(props: AdminChrome & { required: boolean }) {
  return (
    <AdminLayout {...props} title="Set up two-factor sign-in" section="account">
      {props.required ? (
        <p class="admin-warning" role="alert">
          This site requires two-factor sign-in for administrators and editors. Set it up to go on.
        </p>
      ) : (
        ''
      )}
      <p>
        With two-factor sign-in, signing in asks for your password and then for a code from an authenticator app on your phone (such as FreeOTP, Aegis, Google
        Authenticator or 1Password), so a stolen password alone opens nothing.
      </p>
      <form method="post" action="/admin/account/two-factor/">
        <CsrfField token={props.csrfToken} />
        <button type="submit">Set up two-factor sign-in</button>
      </form>
    </AdminLayout>
  );
}

export interface TwoFactorSetupPageProps extends AdminChrome {
  secret: string;
  /** PNG as a data: URL. */
  qrCode: string;
  errors: FieldErrors;
}

/** The QR code and the secret as text, and the first code that turns it on. */
export function TwoFactorSetupPage(props: TwoFactorSetupPageProps) {
  const grouped = props.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <AdminLayout {...props} title="Set up two-factor sign-in" section="account">
      <ErrorSummary errors={props.errors} />
      <ol>
        <li>
          <p>Scan this QR code with your authenticator app:</p>
          <p>
            <img src={props.qrCode} alt="QR code with this site’s two-factor secret" width="200" height="200" class="qr-code" />
          </p>
          <p>
            Or type this key into the app: <code class="totp-secret">{grouped}</code> (time-based). It is not shown again once set up.
          </p>
        </li>
        <li>
          <p>Type the six-digit code the app now shows, to check it works.</p>
          <form method="post" action="/admin/account/two-factor/confirm/" class="admin-form narrow">
            <CsrfField token={props.csrfToken} />
            <Field name="code" label="Code from the app" errors={props.errors} required autocomplete="one-time-code" maxlength={20} />
            <p>
              <button type="submit">Turn on two-factor sign-in</button>
            </p>
          </form>
        </li>
      </ol>
    </AdminLayout>
  );
}

/** The recovery codes, shown once: only their hashes are kept. */
export function RecoveryCodesPage(props: AdminChrome & { codes: string[] }) {
  return (
    <AdminLayout {...props} title="Your recovery codes" section="account">
      <p class="admin-notice" role="status">
        Two-factor sign-in is on.
      </p>
      <p>
        If you lose your phone, sign in with one of these codes instead of a code from the app. Each works once. Keep them somewhere safe, such as a password
        manager or on paper: they are not shown again.
      </p>
      <ul class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/account/">I have kept them: back to your account</a>
      </p>
    </AdminLayout>
  );
}

export function AccountPage(props: AccountPageProps) {
  return (
    <AdminLayout {...props} title="Your account" section="account">
      <ErrorSummary errors={props.errors} />
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <form method="post" action="/admin/account/password/" class="admin-form narrow">
          <CsrfField token={props.csrfToken} />
          <Field name="current" label="Current password" type="password" errors={props.errors} required autocomplete="current-password" />
          <Field
            name="next"
            label="New password"
            type="password"
            errors={props.errors}
            required
            autocomplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions will be signed out.`}
          />
          <p>
            <button type="submit">Change password</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">Two-factor sign-in</h2>
        {props.twoFactor.enabled ? (
          <>
            <p>
              On: signing in asks for a code from your authenticator app. Recovery codes left: {props.twoFactor.recoveryCodesLeft} of {RECOVERY_CODE_COUNT}.
            </p>
            <form method="post" action="/admin/account/two-factor/off/" class="admin-form narrow">
              <CsrfField token={props.csrfToken} />
              <Field
                name="password"
                label="Your password"
                type="password"
                errors={props.errors}
                required
                autocomplete="current-password"
                hint="Needed to turn two-factor sign-in off."
              />
              <p>
                <button type="submit">Turn off two-factor sign-in</button>
              </p>
            </form>
          </>
        ) : (
          <>
            <p>Off. With it on, signing in also asks for a code from an authenticator app on your phone.</p>
            <form method="post" action="/admin/account/two-factor/">
              <CsrfField token={props.csrfToken} />
              <button type="submit">Set up two-factor sign-in</button>
            </form>
          </>
        )}
      </section>
      <LanguageSection {...props} />
      <ApplicationPasswordsSection
        csrfToken={props.csrfToken}
        passwords={props.applicationPasswords}
        errors={props.errors}
        name={props.applicationPasswordName ?? ''}
      />
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p>Signed in on another computer you no longer use? Sign out everywhere but here.</p>
        <form method="post" action="/admin/account/sessions/">
          <CsrfField token={props.csrfToken} />
          <button type="submit">Sign out everywhere else</button>
        </form>
      </section>
    </AdminLayout>
  );
}

export interface LostPasswordPageProps extends AdminChrome {
  email: string;
  errors: FieldErrors;
  message: string | null;
  /** After a request: the same words whether the address has an account or not. */
  sent: boolean;
}

export function LostPasswordPage(props: LostPasswordPageProps) {
  return (
    <AdminLayout {...props} title="Lost your password?">
      {props.sent ? (
        <>
          <p class="admin-notice" role="status">
            If an account uses this email address, a message with a link to choose a new password is on its way to it. The link works once, for an hour.
          </p>
          <p>No message after a few minutes? Look in the spam folder, or ask an administrator of the site.</p>
          <p>
            <a href="/admin/login/">Back to sign in</a>
          </p>
        </>
      ) : (
        <>
          <p>Enter the email address you sign in with. We will send you a link to choose a new password.</p>
          <ErrorSummary errors={props.errors} message={props.message} />
          <form method="post" action="/admin/lost-password/" class="admin-form narrow">
            <Field name="email" label="Email" type="email" value={props.email} errors={props.errors} required autocomplete="username" />
            <p>
              <button type="submit">Send me a link</button>
            </p>
          </form>
          <p>
            <a href="/admin/login/">Back to sign in</a>
          </p>
        </>
      )}
    </AdminLayout>
  );
}

export interface ResetPasswordPageProps extends AdminChrome {
  token: string;
  account: User;
  errors: FieldErrors;
}

export function ResetPasswordPage(props: ResetPasswordPageProps) {
  return (
    <AdminLayout {...props} title="Choose a new password">
      <p>Choose a new password for {props.account.email}. You will be signed out everywhere, and can then sign in with it.</p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/admin/reset-password/" class="admin-form narrow">
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label="New password"
          type="password"
          errors={props.errors}
          required
          autocomplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        />
        <p>
          <button type="submit">Save password</button>
        </p>
      </form>
    </AdminLayout>
  );
}
