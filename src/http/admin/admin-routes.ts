import { Hono } from 'hono';
import type { AppDeps } from '../app-env.ts';
import { accountRoutes } from './account-routes.tsx';
import type { AdminEnv } from './admin-env.ts';
import { commentRoutes } from './comments-routes.tsx';
import { adminGuard } from './guard.tsx';
import { mailRoutes } from './mail-routes.tsx';
import { menusRoutes } from './menus-routes.tsx';
import { pagesRoutes } from './pages-routes.tsx';
import { mediaRoutes } from './media-routes.tsx';
import { postRoutes } from './posts-routes.tsx';
import { privacyRoutes } from './privacy-routes.tsx';
import { settingsRoutes } from './settings-routes.tsx';
import { userRoutes } from './users-routes.tsx';
import { webhookRoutes } from './webhooks-routes.tsx';

/** The newsroom's admin under /admin/: every route behind the guard (session, CSRF, no caching). */
export function adminRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('/admin/*', ...adminGuard(deps));
  app.use('/admin', ...adminGuard(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', userRoutes(deps));
  app.route('/', postRoutes(deps));
  app.route('/', pagesRoutes(deps));
  app.route('/', menusRoutes(deps));
  app.route('/', mediaRoutes(deps));
  app.route('/', commentRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', privacyRoutes(deps));
  app.route('/', mailRoutes(deps));
  app.route('/', webhookRoutes(deps));
  return app;
}
