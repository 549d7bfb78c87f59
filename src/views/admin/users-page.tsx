import { assignableRoles, canManageUser, type Role, type User } from '../../domain/users.ts';
import type { PageLocale } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

export interface UsersPageProps extends AdminChrome {
  users: User[];
  /** Ids of invited users who have not chosen a password yet; their invitation can be sent again. */
  awaitingPassword: number[];
  /** Ids of suspended users, who cannot sign in until reinstated. */
  suspended: number[];
  values: { displayName: string; email: string; role: string };
  errors: FieldErrors;
  /** After an invitation: the link mailed to the new user, also shown once. */
  invitation: { user: User; link: string; again?: boolean } | null;
  notice: string | null;
}

export function UsersPage(props: UsersPageProps) {
  const me = props.user!;
  const roles = assignableRoles(me);
  const { t } = props.i18n;
  const invited = props.invitation?.user;
  return (
    <AdminLayout {...props} title={t('admin.users.title')} section="users">
      {props.invitation && invited ? (
        <div class="admin-invitation" role="status">
          <p>
            {props.i18n.rich(props.invitation.again ? 'admin.users.invitedAgain' : 'admin.users.invited', {
              name: <bdi>{invited.displayName}</bdi>,
              email: <bdi>{invited.email}</bdi>,
              role: t(`admin.users.roleAs.${invited.role}`),
            })}{' '}
            {t('admin.users.invitationLink')}
          </p>
          <p>
            <code>{props.invitation.link}</code>
          </p>
        </div>
      ) : (
        ''
      )}
      <table class="admin-table">
        <caption class="visually-hidden">{t('admin.users.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.users.name')}</th>
            <th scope="col">{t('admin.users.email')}</th>
            <th scope="col">{t('admin.users.role')}</th>
            <th scope="col">{t('admin.users.invitation')}</th>
            <th scope="col">{t('admin.users.access')}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td>
                <bdi>{u.displayName}</bdi>
              </td>
              <td>{u.email}</td>
              <td>
                {canManageUser(me, u) ? (
                  <form method="post" action={`/admin/users/${u.id}/role/`} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <label for={`role-${u.id}`} class="visually-hidden">
                      {t('admin.users.roleOf', { name: u.displayName })}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {roles.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {t(`admin.role.${r}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit">{t('admin.users.changeRole')}</button>
                  </form>
                ) : (
                  t(`admin.role.${u.role}`)
                )}
              </td>
              <td>
                {props.awaitingPassword.includes(u.id) && canManageUser(me, u) ? (
                  <form method="post" action={`/admin/users/${u.id}/invitation/`} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <span>{t('admin.users.notAccepted')}</span>{' '}
                    <button type="submit" aria-label={t('admin.users.sendAgainTo', { name: u.displayName })}>
                      {t('admin.users.sendAgain')}
                    </button>
                  </form>
                ) : props.awaitingPassword.includes(u.id) ? (
                  t('admin.users.notAccepted')
                ) : (
                  t('admin.users.accepted')
                )}
              </td>
              <td>
                <AccessCell
                  i18n={props.i18n}
                  user={u}
                  manageable={canManageUser(me, u)}
                  suspended={props.suspended.includes(u.id)}
                  csrfToken={props.csrfToken}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t('admin.users.add')}</h2>
        <ErrorSummary errors={props.errors} i18n={props.i18n} />
        <form method="post" action="/admin/users/" class="admin-form narrow">
          <CsrfField token={props.csrfToken} />
          <Field name="displayName" label={t('admin.users.name')} value={props.values.displayName} errors={props.errors} required maxlength={100} />
          <Field name="email" label={t('admin.users.email')} type="email" value={props.values.email} errors={props.errors} required />
          <div class="field">
            <label for="role">{t('admin.users.role')}</label>
            <select id="role" name="role" aria-describedby={props.errors.role ? 'role-error' : undefined}>
              {roles.map((r: Role) => (
                <option value={r} selected={r === (props.values.role || 'author')}>
                  {t(`admin.role.${r}`)}
                </option>
              ))}
            </select>
            <FieldError id="role" message={props.errors.role} />
          </div>
          <p>
            <button type="submit">{t('admin.users.addButton')}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  );
}

function AccessCell(props: { i18n: PageLocale; user: User; manageable: boolean; suspended: boolean; csrfToken: string | null }) {
  const u = props.user;
  const { t } = props.i18n;
  const state = props.suspended ? t('admin.users.suspended') : t('admin.users.canSignIn');
  if (!props.manageable) return <>{state}</>;
  return (
    <form method="post" action={`/admin/users/${u.id}/${props.suspended ? 'reinstate' : 'suspend'}/`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <span>{state}</span>{' '}
      <button type="submit" aria-label={t(props.suspended ? 'admin.users.reinstateName' : 'admin.users.suspendName', { name: u.displayName })}>
        {props.suspended ? t('admin.users.reinstate') : t('admin.users.suspend')}
      </button>{' '}
      <a href={`/admin/users/${u.id}/remove/`} aria-label={t('admin.users.removeName', { name: u.displayName })}>
        {t('admin.users.remove')}
      </a>
    </form>
  );
}

export interface RemoveUserPageProps extends AdminChrome {
  target: User;
  /** Who may be given the posts: everyone else who can sign in. */
  heirs: User[];
  postsTo: string;
  errors: FieldErrors;
}

export function RemoveUserPage(props: RemoveUserPageProps) {
  const target = props.target;
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.users.removeName', { name: target.displayName })} section="users">
      <ErrorSummary errors={props.errors} i18n={props.i18n} />
      <p>{props.i18n.rich('admin.users.removeIntro', { name: <bdi>{target.displayName}</bdi>, email: <bdi>{target.email}</bdi> })}</p>
      <form method="post" action={`/admin/users/${target.id}/remove/`} class="admin-form narrow">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="postsTo">{t('admin.users.postsTo')}</label>
          <span class="field-hint" id="postsTo-hint">
            {props.i18n.rich('admin.users.postsToHint', { name: <bdi>{target.displayName}</bdi> })}
          </span>
          <select id="postsTo" name="postsTo" aria-describedby={props.errors.postsTo ? 'postsTo-hint postsTo-error' : 'postsTo-hint'}>
            {props.heirs.map((h) => (
              <option value={String(h.id)} selected={String(h.id) === props.postsTo}>
                {h.displayName} ({t(`admin.role.${h.role}`)})
              </option>
            ))}
          </select>
          <FieldError id="postsTo" message={props.errors.postsTo} />
        </div>
        <p>
          <button type="submit">{t('admin.users.removeName', { name: target.displayName })}</button> <a href="/admin/users/">{t('admin.users.cancel')}</a>
        </p>
      </form>
    </AdminLayout>
  );
}
