import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { assignableRoles, canManageUser, isRole, type Role } from '../../domain/users.ts';
import { DomainError } from '../../domain/errors.ts';
import { inviteUser, resendInvitation } from '../../services/accounts.ts';
import { loadDashboard } from '../../services/dashboard.ts';
import {
  changeUserRole,
  findUser,
  listAllUsers,
  listPostHeirs,
  listSuspendedUsers,
  listUsersAwaitingPassword,
  reinstateUser,
  removeUser,
  suspendUser,
} from '../../services/users.ts';
import { DashboardPage } from '../../views/admin/dashboard-page.tsx';
import { RemoveUserPage, UsersPage, type UsersPageProps } from '../../views/admin/users-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { withoutControlCharacters } from '../forms/form-text.ts';
import { parseId } from '../forms/route-params.ts';
import { renderPage } from '../render.ts';
import { originForLinks } from '../site-origin.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminMessage, adminMessages } from './admin-messages.ts';
import { adminChrome, requireAction, signedIn } from './guard.tsx';
import type { Messages } from '../../i18n/messages.ts';

/** Longest name a person may be given: the users table's limit. */
const MAX_DISPLAY_NAME = 100;

/** The invitation form, its messages in the admin's language. */
function inviteForm(t: Messages['t']) {
  return z.object({
    displayName: z
      .string()
      .trim()
      .min(1, t('admin.users.error.nameRequired'))
      .max(MAX_DISPLAY_NAME, t('admin.account.error.nameTooLong', { max: MAX_DISPLAY_NAME }))
      .refine(withoutControlCharacters[0], t('admin.settings.error.controlCharacters')),
    email: z
      .string()
      .trim()
      .pipe(z.email(t('admin.account.error.emailInvalid'))),
    role: z.string(),
  });
}

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
    if (extra.errors) extra = { ...extra, errors: adminMessages(extra.errors, chrome.i18n) };
    if (extra.notice) extra = { ...extra, notice: adminMessage(extra.notice, chrome.i18n) };
    const [users, awaitingPassword, suspended] = await Promise.all([listAllUsers(db), listUsersAwaitingPassword(db), listSuspendedUsers(db)]);
    return renderPage(
      c,
      <UsersPage
        {...chrome}
        users={users}
        awaitingPassword={awaitingPassword}
        suspended={suspended}
        values={{ displayName: '', email: '', role: 'author' }}
        errors={{}}
        invitation={null}
        notice={null}
        {...extra}
      />,
      status,
    );
  };

  app.get('/admin/users/', async (c) => {
    requireAction(c, 'manage_users');
    const done = c.req.query('done');
    const { t } = (await adminChrome(deps, c)).i18n;
    const notice = done === 'suspended' ? t('admin.users.suspendedNotice') : done === 'reinstated' ? t('admin.users.reinstatedNotice') : null;
    return usersPage(c, { notice });
  });

  app.post('/admin/users/', async (c) => {
    const session = requireAction(c, 'manage_users');
    const fields = c.get('form');
    const values = { displayName: fields.displayName ?? '', email: fields.email ?? '', role: fields.role ?? '' };
    const { t } = (await adminChrome(deps, c)).i18n;
    const parsed = inviteForm(t).safeParse(fields);
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    const role = values.role;
    if (!isRole(role) || !assignableRoles(session.user).includes(role)) errors.role = t('admin.users.error.role');
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

  const userId = (c: Context<AdminEnv>) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new DomainError('not_found', 'User not found');
    return id;
  };

  app.post('/admin/users/:id/suspend/', async (c) => {
    const session = requireAction(c, 'manage_users');
    await suspendUser(db, session.user, userId(c), now());
    return c.redirect('/admin/users/?done=suspended', 303);
  });

  app.post('/admin/users/:id/reinstate/', async (c) => {
    const session = requireAction(c, 'manage_users');
    await reinstateUser(db, session.user, userId(c), now());
    return c.redirect('/admin/users/?done=reinstated', 303);
  });

  const removePage = async (c: Context<AdminEnv>, postsTo: string, errors: Record<string, string>, status: 200 | 422 = 200) => {
    const session = requireAction(c, 'manage_users');
    const target = await findUser(db, userId(c));
    if (!target) throw new DomainError('not_found', 'User not found');
    if (!canManageUser(session.user, target)) throw new DomainError('forbidden', 'You cannot remove this user.');
    const chrome = await adminChrome(deps, c);
    const heirs = await listPostHeirs(db, target.id);
    return renderPage(
      c,
      <RemoveUserPage {...chrome} target={target} heirs={heirs} postsTo={postsTo || String(session.user.id)} errors={adminMessages(errors, chrome.i18n)} />,
      status,
    );
  };

  app.get('/admin/users/:id/remove/', (c) => removePage(c, '', {}));

  app.post('/admin/users/:id/remove/', async (c) => {
    const session = requireAction(c, 'manage_users');
    const postsTo = c.get('form').postsTo ?? '';
    const heirId = parseId(postsTo);
    try {
      if (heirId === undefined)
        throw new DomainError('invalid', 'Choose who gets the posts', { postsTo: 'Choose one of the users listed to receive the posts.' });
      const removed = await removeUser(db, session.user, userId(c), heirId, now());
      const { t } = (await adminChrome(deps, c)).i18n;
      return usersPage(c, {
        notice: t('admin.users.removed', { name: removed.user.displayName, posts: removed.postsMoved, heir: removed.postsTo.displayName }),
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid') return removePage(c, postsTo, { ...error.fields }, 422);
      throw error;
    }
  });

  return app;
}
