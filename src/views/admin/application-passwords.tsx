import { type ApplicationPassword, MAX_APPLICATION_PASSWORD_NAME } from '../../domain/application-passwords.ts';
import type { PageLocale } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { Field, type FieldErrors } from './fields.tsx';

/** The account page's section: each password with its last use, a revoke button, and a form for a new one. */
export function ApplicationPasswordsSection(props: {
  i18n: PageLocale;
  csrfToken: string | null;
  passwords: ApplicationPassword[];
  errors: FieldErrors;
  name: string;
}) {
  const { t } = props.i18n;
  return (
    <section aria-labelledby="application-passwords-heading">
      <h2 id="application-passwords-heading">{t('admin.appPasswords.heading')}</h2>
      <p>{t('admin.appPasswords.intro')}</p>
      {props.passwords.length === 0 ? (
        <p>{t('admin.appPasswords.none')}</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">{t('admin.appPasswords.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.appPasswords.name')}</th>
              <th scope="col">{t('admin.appPasswords.created')}</th>
              <th scope="col">{t('admin.appPasswords.lastUsed')}</th>
              <th scope="col">{t('admin.appPasswords.lastAddress')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('admin.appPasswords.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.passwords.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>{props.i18n.dateTime(p.createdAt)}</td>
                <td>{p.lastUsedAt ? props.i18n.dateTime(p.lastUsedAt) : t('admin.appPasswords.never')}</td>
                <td>{p.lastUsedIp ?? ''}</td>
                <td>
                  <form method="post" action={`/admin/account/application-passwords/${p.id}/revoke/`}>
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" aria-label={t('admin.appPasswords.revokeLabel', { name: p.name })}>
                      {t('admin.appPasswords.revoke')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/admin/account/application-passwords/" class="admin-form narrow">
        <CsrfField token={props.csrfToken} />
        <Field
          name="name"
          label={t('admin.appPasswords.newName')}
          value={props.name}
          errors={props.errors}
          required
          maxlength={MAX_APPLICATION_PASSWORD_NAME}
          hint={t('admin.appPasswords.newNameHint')}
        />
        <p>
          <button type="submit">{t('admin.appPasswords.create')}</button>
        </p>
      </form>
    </section>
  );
}

/** A new application password, shown this once. */
export function NewApplicationPasswordPage(props: AdminChrome & { name: string; password: string }) {
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.appPasswords.createdHeading')} section="account">
      <p class="admin-notice" role="status">
        {props.i18n.rich('admin.appPasswords.createdNotice', { name: <bdi>{props.name}</bdi> })}
      </p>
      <p>{t('admin.appPasswords.createdIntro')}</p>
      <p class="application-password">
        <code>{props.password}</code>
      </p>
      <p>
        <a href="/admin/account/">{t('admin.appPasswords.back')}</a>
      </p>
    </AdminLayout>
  );
}
