import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.ts';
import type { AppEnv } from '../app-env.ts';

/** Gives each request an id (echoed in X-Request-Id) and logs one line when it is answered. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    // Set before the response exists: added afterwards, Hono would have to copy the whole response.
    c.header('X-Request-Id', requestId);
    await next();
    if (!logger.enabled('info')) return;
    logger.request({
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
  };
}
