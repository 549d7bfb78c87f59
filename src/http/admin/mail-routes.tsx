import { Hono } from 'hono';
import { loadOutbox, OUTBOX_PAGE_SIZE } from '../../services/outbox.ts';
import { MailPage } from '../../views/admin/mail-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminChrome, requireAction } from './guard.tsx';

/** The outbox, for administrators: what was sent, what waits, and what was given up and why. */
export function mailRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;

  app.get('/admin/mail/', async (c) => {
    requireAction(c, 'manage_settings');
    const chrome = await adminChrome(deps, c);
    const outbox = await loadOutbox(db);
    return renderPage(c, <MailPage {...chrome} {...outbox} pageSize={OUTBOX_PAGE_SIZE} destination={deps.mail?.description ?? null} />);
  });

  return app;
}
