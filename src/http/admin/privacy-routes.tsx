import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { eraseCommenterData, exportCommenterData } from '../../services/privacy.ts';
import { PrivacyPage, type PrivacyPageProps } from '../../views/admin/privacy-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction } from './guard.tsx';

const Email = z.email();

/**
 * A commenter's data at /admin/privacy/, for administrators and the owner: look it up by email,
 * download it as JSON, erase it. The email goes in a form, never in a link to share.
 */
export function privacyRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  const page = async (c: Context<AdminEnv>, props: Omit<PrivacyPageProps, keyof Awaited<ReturnType<typeof adminChrome>>>, status: 200 | 422 = 200) =>
    renderPage(c, <PrivacyPage {...(await adminChrome(deps, c))} {...props} />, status);

  const lookUp = async (c: Context<AdminEnv>, raw: string, notice: string | null, errors: Record<string, string> = {}) => {
    const email = raw.trim();
    if (email === '') return page(c, { email, comments: null, errors: {}, notice });
    if (!Email.safeParse(email).success) {
      const { t } = (await adminChrome(deps, c)).i18n;
      return page(c, { email, comments: null, errors: { email: t('admin.privacy.error.email') }, notice }, 422);
    }
    const held = await exportCommenterData(db, email, now());
    const comments = held.comments
      .filter((cm) => cm.erasedAt === null)
      .map((cm) => ({
        id: cm.id,
        postTitle: cm.post.title,
        status: cm.status,
        authorName: cm.authorName,
        authorIp: cm.authorIp,
        body: cm.body,
        createdAt: cm.createdAt,
      }));
    return page(c, { email, comments, errors, notice }, Object.keys(errors).length > 0 ? 422 : 200);
  };

  app.get('/admin/privacy/', (c) => {
    requireAction(c, 'manage_users');
    return lookUp(c, c.req.query('email') ?? '', null);
  });

  app.post('/admin/privacy/export/', async (c) => {
    requireAction(c, 'manage_users');
    const email = (c.get('form').email ?? '').trim();
    if (!Email.safeParse(email).success) return lookUp(c, email, null);
    const data = await exportCommenterData(db, email, now());
    c.header('Content-Disposition', `attachment; filename="comments-${email.replace(/[^A-Za-z0-9.@_-]/g, '_')}.json"`);
    return c.body(JSON.stringify(data, null, 2), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.post('/admin/privacy/erase/', async (c) => {
    const session = requireAction(c, 'manage_users');
    const form = c.get('form');
    const email = (form.email ?? '').trim();
    if (!Email.safeParse(email).success) return lookUp(c, email, null);
    const { t } = (await adminChrome(deps, c)).i18n;
    if (form.confirm !== 'yes') return lookUp(c, email, null, { confirm: t('admin.privacy.error.confirm') });
    const erased = await eraseCommenterData(db, email, `user:${session.user.id}`, now());
    return lookUp(c, email, erased === 0 ? t('admin.privacy.nothingLeft') : t('admin.privacy.erased', { count: erased }));
  });

  return app;
}
