import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { PageCache } from './page-cache.ts';

/**
 * The HTTP server: cached pages are answered straight from node:http, everything else goes
 * through the Hono app. Resolves once listening.
 */
export async function startHttpServer(
  app: Hono<AppEnv>,
  pageCache: PageCache | undefined,
  listen: { port: number; hostname: string },
): Promise<{ server: Server; address: AddressInfo }> {
  const handle = getRequestListener(app.fetch);
  const server = createServer((req, res) => {
    if (pageCache?.serveFromMemory(req, res)) return;
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, address: server.address() as AddressInfo };
}
