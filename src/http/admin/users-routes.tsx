import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { assignableRoles, isRole, type Role } from '../../domain/users.ts';
import { DomainError } from '../../domain/errors.ts';
import { inviteUser, resendInvitation } from '../../services/accounts.ts';
import { loadDashboard } from '../../services/dashboard.ts';
import { changeUserRole, listAllUsers, listUsersAwaitingPassword } from '../../services/users.ts';
import { DashboardPage } from '../../views/admin/dashboard-page.tsx';
import { UsersPage, type UsersPageProps } from '../../views/admin/users-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { withoutControlCharacters } from '../forms/form-text.ts';
import { parseId } from '../forms/route-params.ts';
import { renderPage } from '../render.ts';
import { originForLinks } from '../site-origin.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction, signedIn } from './guard.tsx';

const InviteForm = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, 'Please enter a name.')
    .max(100, 'Use at most 100 characters.')
    .refine(...withoutControlCharacters),
  email: z.string().trim().pipe(z.email('Please enter a valid email address.')),
  role: z.string(),
});

export function userRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  app.get('/admin/', async (c) => {
    signedIn(c);
    const chrome = await adminChrome(deps, c);
    return renderPage(c, <DashboardPage {...chrome} {...(await loadDashboard(db, now()))} />);
  });

  const usersPage = async (c: Context<AdminEnv>, extra: Partial<UsersPageProps>, status: 200 | 409 | 422 = 200) => {
    const chrome = await adminChrome(deps, c);
    const [users, awaitingPassword] = await Promise.all([listAllUsers(db), listUsersAwaitingPassword(db)]);
    return renderPage(
      c,
      <UsersPage
        {...chrome}
        users={users}
        awaitingPassword={awaitingPassword}
        values={{ displayName: '', email: '', role: 'author' }}
        errors={{}}
        invitation={null}
        notice={null}
        {...extra}
      />,
      status,
    );
  };

  app.get('/admin/users/', (c) => {
    requireAction(c, 'manage_users');
    return usersPage(c, {});
  });

  app.post('/admin/users/', async (c) => {
    const session = requireAction(c, 'manage_users');
    const fields = c.get('form');
    const values = { displayName: fields.displayName ?? '', email: fields.email ?? '', role: fields.role ?? '' };
    const parsed = InviteForm.safeParse(fields);
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    const role = values.role;
    if (!isRole(role) || !assignableRoles(session.user).includes(role)) errors.role = 'Choose one of the roles listed.';
    if (!parsed.success || Object.keys(errors).length > 0) return usersPage(c, { values, errors }, 422);
    try {
      const origin = originForLinks(c, deps);
      const { user, token } = await inviteUser(
        db,
        { displayName: parsed.data.displayName, email: parsed.data.email, role: role as Exclude<Role, 'owner'> },
        now(),
        { origin },
      );
      deps.mail?.wake();
      const link = new URL(`/admin/setup/?token=${token}`, origin).href;
      return usersPage(c, { invitation: { user, link } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') return usersPage(c, { values, errors: { ...error.fields } }, 409);
      throw error;
    }
  });

  app.post('/admin/users/:id/invitation/', async (c) => {
    const session = requireAction(c, 'manage_users');
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new DomainError('not_found', 'User not found');
    const origin = originForLinks(c, deps);
    try {
      const { user, token } = await resendInvitation(db, session.user, id, { origin }, now());
      deps.mail?.wake();
      return usersPage(c, { invitation: { user, link: new URL(`/admin/setup/?token=${token}`, origin).href, again: true } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') return usersPage(c, { notice: error.message }, 409);
      throw error;
    }
  });

  app.post('/admin/users/:id/role/', async (c) => {
    const session = requireAction(c, 'manage_users');
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new DomainError('not_found', 'User not found');
    await changeUserRole(db, session.user, id, c.get('form').role ?? '', now());
    return c.redirect('/admin/users/', 303);
  });

  return app;
}
