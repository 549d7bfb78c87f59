import { assignableRoles, canManageUser, ROLE_NAMES, type Role, type User } from '../../domain/accounts.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

export interface UsersPageProps extends AdminChrome {
  users: User[];
  values: { displayName: string; email: string; role: string };
  errors: FieldErrors;
  /** After an invitation: the link to give the new user, shown once. */
  invitation: { user: User; link: string } | null;
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
            {props.invitation.user.displayName} has been added as {ROLE_NAMES[props.invitation.user.role].toLowerCase()}. Send them this link to
            choose a password. It works once, for 24 hours, and is not shown again:
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
