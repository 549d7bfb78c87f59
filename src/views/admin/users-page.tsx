import { assignableRoles, canManageUser, ROLE_NAMES, type Role, type User } from '../../domain/users.ts';
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
  return (
    <AdminLayout {...props} title="Users" section="users">
      {props.invitation ? (
        <div class="admin-invitation" role="status">
          <p>
            {props.invitation.again
              ? `A new invitation has been mailed to ${props.invitation.user.displayName} at ${props.invitation.user.email}; the links sent before no longer work.`
              : `${props.invitation.user.displayName} has been added as ${ROLE_NAMES[props.invitation.user.role].toLowerCase()}, and an invitation has been mailed to ${props.invitation.user.email}.`}{' '}
            If it does not arrive, give them this link to choose a password. It works once, for 24 hours, and is not shown again:
          </p>
          <p>
            <code>{props.invitation.link}</code>
          </p>
        </div>
      ) : (
        ''
      )}
      <table class="admin-table">
        <caption class="visually-hidden">Everyone who can sign in</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Invitation</th>
            <th scope="col">Access</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td>{u.displayName}</td>
              <td>{u.email}</td>
              <td>
                {canManageUser(me, u) ? (
                  <form method="post" action={`/admin/users/${u.id}/role/`} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <label for={`role-${u.id}`} class="visually-hidden">
                      Role of {u.displayName}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {roles.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {ROLE_NAMES[r]}
                        </option>
                      ))}
                    </select>
                    <button type="submit">Change role</button>
                  </form>
                ) : (
                  ROLE_NAMES[u.role]
                )}
              </td>
              <td>
                {props.awaitingPassword.includes(u.id) && canManageUser(me, u) ? (
                  <form method="post" action={`/admin/users/${u.id}/invitation/`} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <span>Not accepted yet</span>{' '}
                    <button type="submit">
                      Send again<span class="visually-hidden"> to {u.displayName}</span>
                    </button>
                  </form>
                ) : props.awaitingPassword.includes(u.id) ? (
                  'Not accepted yet'
                ) : (
                  'Accepted'
                )}
              </td>
              <td>
                <AccessCell user={u} manageable={canManageUser(me, u)} suspended={props.suspended.includes(u.id)} csrfToken={props.csrfToken} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">Add a user</h2>
        <ErrorSummary errors={props.errors} />
        <form method="post" action="/admin/users/" class="admin-form narrow">
          <CsrfField token={props.csrfToken} />
          <Field name="displayName" label="Name" value={props.values.displayName} errors={props.errors} required maxlength={100} />
          <Field name="email" label="Email" type="email" value={props.values.email} errors={props.errors} required />
          <div class="field">
            <label for="role">Role</label>
            <select id="role" name="role" aria-describedby={props.errors.role ? 'role-error' : undefined}>
              {roles.map((r: Role) => (
                <option value={r} selected={r === (props.values.role || 'author')}>
                  {ROLE_NAMES[r]}
                </option>
              ))}
            </select>
            <FieldError id="role" message={props.errors.role} />
          </div>
          <p>
            <button type="submit">Add user</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  );
}

function AccessCell(props: { user: User; manageable: boolean; suspended: boolean; csrfToken: string | null }) {
  const u = props.user;
  const state = props.suspended ? 'Suspended' : 'Can sign in';
  if (!props.manageable) return <>{state}</>;
  return (
    <form method="post" action={`/admin/users/${u.id}/${props.suspended ? 'reinstate' : 'suspend'}/`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <span>{state}</span>{' '}
      <button type="submit">
        {props.suspended ? 'Reinstate' : 'Suspend'}
        <span class="visually-hidden"> {u.displayName}</span>
      </button>{' '}
      <a href={`/admin/users/${u.id}/remove/`}>
        Remove<span class="visually-hidden"> {u.displayName}</span>…
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
  const t = props.target;
  return (
    <AdminLayout {...props} title={`Remove ${t.displayName}`} section="users">
      <ErrorSummary errors={props.errors} />
      <p>
        {t.displayName} ({t.email}) will no longer be able to sign in: the account, its sessions and any unused setup or password links are deleted. This cannot
        be undone; to stop someone signing in for a while, suspend them instead.
      </p>
      <form method="post" action={`/admin/users/${t.id}/remove/`} class="admin-form narrow">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="postsTo">Give their posts to</label>
          <span class="field-hint" id="postsTo-hint">
            Every post under {t.displayName}’s byline, published or not, will appear under this user’s name.
          </span>
          <select id="postsTo" name="postsTo" aria-describedby={props.errors.postsTo ? 'postsTo-hint postsTo-error' : 'postsTo-hint'}>
            {props.heirs.map((h) => (
              <option value={String(h.id)} selected={String(h.id) === props.postsTo}>
                {h.displayName} ({ROLE_NAMES[h.role]})
              </option>
            ))}
          </select>
          <FieldError id="postsTo" message={props.errors.postsTo} />
        </div>
        <p>
          <button type="submit">Remove {t.displayName}</button> <a href="/admin/users/">Cancel</a>
        </p>
      </form>
    </AdminLayout>
  );
}
