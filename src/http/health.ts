import { Hono } from 'hono';
import { checkReadiness } from '../services/health.ts';
import type { AppDeps, AppEnv } from './app-env.ts';

/** Probes for load balancers and supervisors; never cached. */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.text('ok');
  });
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const readiness = await checkReadiness(deps.database);
    if (readiness.ready) return c.text('ready');
    c.header('Retry-After', '5');
    return c.text(`not ready: ${readiness.reason}`, 503);
  });
  return app;
}
