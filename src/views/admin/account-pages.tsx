import { MIN_PASSWORD_LENGTH } from '../../domain/accounts.ts';
import { RECOVERY_CODE_COUNT } from '../../domain/two-factor.ts';
import type { User } from '../../domain/users.ts';
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
      <ErrorSummary errors={props.errors} message={props.message} i18n={props.i18n} />
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
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.account.resume.title')}>
      <p>{t('admin.account.resume.intro')}</p>
      <form method="post" action={props.pending.action}>
        <CsrfField token={props.csrfToken} />
        {Object.entries(props.pending.fields).map(([name, value]) => (name === '_csrf' ? '' : <input type="hidden" name={name} value={value} />))}
        <p>
          <button type="submit">{t('admin.account.resume.send')}</button>
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
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={invited ? t('admin.account.invitation.title') : t('admin.account.setup.title')}>
      {invited ? (
        <p>
          {props.i18n.rich('admin.account.invitation.intro', {
            name: <bdi>{invited.displayName}</bdi>,
            role: t(`admin.users.roleAs.${invited.role}`),
            email: <bdi>{invited.email}</bdi>,
          })}
        </p>
      ) : (
        <p>{t('admin.account.setup.intro')}</p>
      )}
      <ErrorSummary errors={props.errors} message={props.message} i18n={props.i18n} />
      <form method="post" action="/admin/setup/" class="admin-form narrow">
        <input type="hidden" name="token" value={props.token} />
        {invited ? (
          ''
        ) : (
          <>
            <Field
              name="displayName"
              label={t('admin.account.setup.name')}
              value={props.values.displayName}
              errors={props.errors}
              required
              autocomplete="name"
              maxlength={100}
            />
            <Field
              name="email"
              label={t('admin.account.email')}
              type="email"
              value={props.values.email}
              errors={props.errors}
              required
              autocomplete="username"
            />
          </>
        )}
        <Field
          name="password"
          label={t('admin.account.password')}
          type="password"
          errors={props.errors}
          required
          autocomplete="new-password"
          hint={t('admin.account.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        />
        <p>
          <button type="submit">{invited ? t('admin.account.savePassword') : t('admin.account.setup.submit')}</button>
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
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.twoFactor.signIn.title')}>
      <ErrorSummary errors={props.errors} message={props.message} i18n={props.i18n} />
      <p>{t('admin.twoFactor.signIn.intro')}</p>
      <form method="post" action="/admin/login/code/" class="admin-form narrow">
        <input type="hidden" name="next" value={props.next} />
        <PendingFields pending={props.pending} />
        <Field
          name="code"
          label={t('admin.twoFactor.signIn.code')}
          errors={props.errors}
          required
          autocomplete="one-time-code"
          maxlength={20}
          hint={t('admin.twoFactor.signIn.codeHint')}
        />
        <p>
          <button type="submit">{t('admin.twoFactor.signIn.submit')}</button>
        </p>
      </form>
      <p>
        <a href="/admin/login/">{t('admin.twoFactor.signIn.startAgain')}</a>
      </p>
    </AdminLayout>
  );
}

/** Before setting up: why, and the button that makes a secret (a GET writes nothing). */
export function TwoFactorIntroPage(props: AdminChrome & { required: boolean }) {
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.twoFactor.setUp')} section="account">
      {props.required ? (
        <p class="admin-warning" role="alert">
          {t('admin.twoFactor.required')}
        </p>
      ) : (
        ''
      )}
      <p>{t('admin.twoFactor.intro')}</p>
      <form method="post" action="/admin/account/two-factor/">
        <CsrfField token={props.csrfToken} />
        <button type="submit">{t('admin.twoFactor.setUp')}</button>
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
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.twoFactor.setUp')} section="account">
      <ErrorSummary errors={props.errors} i18n={props.i18n} />
      <ol>
        <li>
          <p>{t('admin.twoFactor.scan')}</p>
          <p>
            <img src={props.qrCode} alt={t('admin.twoFactor.qrAlt')} width="200" height="200" class="qr-code" />
          </p>
          <p>
            {props.i18n.rich('admin.twoFactor.key', {
              key: (
                <code class="totp-secret" dir="ltr">
                  {grouped}
                </code>
              ),
            })}
          </p>
        </li>
        <li>
          <p>{t('admin.twoFactor.check')}</p>
          <form method="post" action="/admin/account/two-factor/confirm/" class="admin-form narrow">
            <CsrfField token={props.csrfToken} />
            <Field name="code" label={t('admin.twoFactor.codeFromApp')} errors={props.errors} required autocomplete="one-time-code" maxlength={20} />
            <p>
              <button type="submit">{t('admin.twoFactor.turnOn')}</button>
            </p>
          </form>
        </li>
      </ol>
    </AdminLayout>
  );
}

/** The recovery codes, shown once: only their hashes are kept. */
export function RecoveryCodesPage(props: AdminChrome & { codes: string[] }) {
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.twoFactor.codes.title')} section="account">
      <p class="admin-notice" role="status">
        {t('admin.twoFactor.codes.on')}
      </p>
      <p>{t('admin.twoFactor.codes.intro')}</p>
      <ul class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/account/">{t('admin.twoFactor.codes.back')}</a>
      </p>
    </AdminLayout>
  );
}

export function AccountPage(props: AccountPageProps) {
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.account.title')} section="account">
      <ErrorSummary errors={props.errors} i18n={props.i18n} />
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t('admin.account.changePassword')}</h2>
        <form method="post" action="/admin/account/password/" class="admin-form narrow">
          <CsrfField token={props.csrfToken} />
          <Field name="current" label={t('admin.account.currentPassword')} type="password" errors={props.errors} required autocomplete="current-password" />
          <Field
            name="next"
            label={t('admin.account.newPassword')}
            type="password"
            errors={props.errors}
            required
            autocomplete="new-password"
            hint={t('admin.account.newPasswordHint', { min: MIN_PASSWORD_LENGTH })}
          />
          <p>
            <button type="submit">{t('admin.account.changePassword')}</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{t('admin.twoFactor.heading')}</h2>
        {props.twoFactor.enabled ? (
          <>
            <p>{t('admin.twoFactor.onSummary', { left: props.twoFactor.recoveryCodesLeft, total: RECOVERY_CODE_COUNT })}</p>
            <form method="post" action="/admin/account/two-factor/off/" class="admin-form narrow">
              <CsrfField token={props.csrfToken} />
              <Field
                name="password"
                label={t('admin.twoFactor.yourPassword')}
                type="password"
                errors={props.errors}
                required
                autocomplete="current-password"
                hint={t('admin.twoFactor.yourPasswordHint')}
              />
              <p>
                <button type="submit">{t('admin.twoFactor.turnOff')}</button>
              </p>
            </form>
          </>
        ) : (
          <>
            <p>{t('admin.twoFactor.offSummary')}</p>
            <form method="post" action="/admin/account/two-factor/">
              <CsrfField token={props.csrfToken} />
              <button type="submit">{t('admin.twoFactor.setUp')}</button>
            </form>
          </>
        )}
      </section>
      <LanguageSection {...props} />
      <ApplicationPasswordsSection
        i18n={props.i18n}
        csrfToken={props.csrfToken}
        passwords={props.applicationPasswords}
        errors={props.errors}
        name={props.applicationPasswordName ?? ''}
      />
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('admin.account.sessions')}</h2>
        <p>{t('admin.account.sessionsIntro')}</p>
        <form method="post" action="/admin/account/sessions/">
          <CsrfField token={props.csrfToken} />
          <button type="submit">{t('admin.account.signOutElsewhere')}</button>
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
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.lostPassword.title')}>
      {props.sent ? (
        <>
          <p class="admin-notice" role="status">
            {t('admin.lostPassword.sent')}
          </p>
          <p>{t('admin.lostPassword.noMessage')}</p>
          <p>
            <a href="/admin/login/">{t('admin.lostPassword.back')}</a>
          </p>
        </>
      ) : (
        <>
          <p>{t('admin.lostPassword.intro')}</p>
          <ErrorSummary errors={props.errors} message={props.message} i18n={props.i18n} />
          <form method="post" action="/admin/lost-password/" class="admin-form narrow">
            <Field name="email" label={t('admin.account.email')} type="email" value={props.email} errors={props.errors} required autocomplete="username" />
            <p>
              <button type="submit">{t('admin.lostPassword.submit')}</button>
            </p>
          </form>
          <p>
            <a href="/admin/login/">{t('admin.lostPassword.back')}</a>
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
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.lostPassword.reset.title')}>
      <p>{props.i18n.rich('admin.lostPassword.reset.intro', { email: <bdi>{props.account.email}</bdi> })}</p>
      <ErrorSummary errors={props.errors} i18n={props.i18n} />
      <form method="post" action="/admin/reset-password/" class="admin-form narrow">
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label={t('admin.account.newPassword')}
          type="password"
          errors={props.errors}
          required
          autocomplete="new-password"
          hint={t('admin.account.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        />
        <p>
          <button type="submit">{t('admin.account.savePassword')}</button>
        </p>
      </form>
    </AdminLayout>
  );
}
