import { type ApplicationPassword, MAX_APPLICATION_PASSWORD_NAME } from '../../domain/application-passwords.ts';
import { formatDateTime } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { Field, type FieldErrors } from './fields.tsx';

/** Every word an editor reads about application passwords, together for translation. */
const MESSAGES = {
  heading: 'Application passwords',
  intro:
    'Software that connects to this site through its WordPress REST API (a mobile app, a newsletter tool, a social scheduler) signs in with an application password instead of yours. Each works only for the API, never to sign in here, and you can revoke it at any time.',
  none: 'You have no application passwords.',
  caption: 'Your application passwords',
  name: 'Name',
  created: 'Created',
  lastUsed: 'Last used',
  lastAddress: 'From address',
  never: 'Never',
  revoke: 'Revoke',
  revokeLabel: (name: string) => `Revoke ${name}`,
  newName: 'New application password name',
  newNameHint: 'The tool or app that will use it, so you know what to revoke later.',
  create: 'Add application password',
  createdHeading: 'Your new application password',
  createdNotice: (name: string) => `The application password “${name}” was created.`,
  createdIntro:
    'Enter it in the app with your email address as the user name. Copy it now: it is not shown again, and only a fingerprint of it is kept. Spaces are optional.',
  back: 'I have copied it: back to your account',
  revoked: 'The application password was revoked: software using it can no longer reach the site.',
} as const;

export const APPLICATION_PASSWORD_MESSAGES = MESSAGES;

/** The account page's section: each password with its last use, a revoke button, and a form for a new one. */
export function ApplicationPasswordsSection(props: { csrfToken: string | null; passwords: ApplicationPassword[]; errors: FieldErrors; name: string }) {
  return (
    <section aria-labelledby="application-passwords-heading">
      <h2 id="application-passwords-heading">{MESSAGES.heading}</h2>
      <p>{MESSAGES.intro}</p>
      {props.passwords.length === 0 ? (
        <p>{MESSAGES.none}</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">{MESSAGES.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{MESSAGES.name}</th>
              <th scope="col">{MESSAGES.created}</th>
              <th scope="col">{MESSAGES.lastUsed}</th>
              <th scope="col">{MESSAGES.lastAddress}</th>
              <th scope="col">
                <span class="visually-hidden">{MESSAGES.revoke}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.passwords.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>{formatDateTime(p.createdAt)}</td>
                <td>{p.lastUsedAt ? formatDateTime(p.lastUsedAt) : MESSAGES.never}</td>
                <td>{p.lastUsedIp ?? ''}</td>
                <td>
                  <form method="post" action={`/admin/account/application-passwords/${p.id}/revoke/`}>
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" aria-label={MESSAGES.revokeLabel(p.name)}>
                      {MESSAGES.revoke}
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
          label={MESSAGES.newName}
          value={props.name}
          errors={props.errors}
          required
          maxlength={MAX_APPLICATION_PASSWORD_NAME}
          hint={MESSAGES.newNameHint}
        />
        <p>
          <button type="submit">{MESSAGES.create}</button>
        </p>
      </form>
    </section>
  );
}

/** A new application password, shown this once. */
export function NewApplicationPasswordPage(props: AdminChrome & { name: string; password: string }) {
  return (
    <AdminLayout {...props} title={MESSAGES.createdHeading} section="account">
      <p class="admin-notice" role="status">
        {MESSAGES.createdNotice(props.name)}
      </p>
      <p>{MESSAGES.createdIntro}</p>
      <p class="application-password">
        <code>{props.password}</code>
      </p>
      <p>
        <a href="/admin/account/">{MESSAGES.back}</a>
      </p>
    </AdminLayout>
  );
}
