import { createServer, type Server } from 'node:http';
import type { AddressInfo, BlockList, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createWriteTurns } from './write-turns.ts';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { isTrusted } from './client-address.ts';
import type { PageCache } from './page-cache.ts';

/** How long a client may take to send what it sends; slower connections are cut off. */
export interface ConnectionLimits {
  /** Until the request's headers are complete (Node answers 408 and closes). */
  headersTimeoutMs: number;
  /** Until the whole request, body included, has arrived. */
  requestTimeoutMs: number;
  /** Open connections one client address may hold at once; 0 for no cap. Trusted proxies are not capped. */
  maxConnectionsPerAddress: number;
  trustedProxies?: BlockList;
}

/**
 * Ten seconds for headers (a real browser sends them in one packet), thirty for a whole request
 * (a 2 MB article over a slow mobile link), and more connections per address than a browser
 * opens (6 per host) times a busy office behind one NAT.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnectionsPerAddress: 64 };

/** What a connection over the cap gets before it is closed: a plain answer, not a silent reset. */
const TOO_MANY_CONNECTIONS_BODY = 'Too many open connections from your address. Please try again in a moment.\n';
const TOO_MANY_CONNECTIONS =
  'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  `Content-Length: ${Buffer.byteLength(TOO_MANY_CONNECTIONS_BODY)}\r\nConnection: close\r\n\r\n${TOO_MANY_CONNECTIONS_BODY}`;

/** Counts open connections per address and turns away those over the cap. */
function capConnections(server: Server, limits: ConnectionLimits): void {
  if (limits.maxConnectionsPerAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    if (isTrusted(limits.trustedProxies, address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      socket.end(TOO_MANY_CONNECTIONS);
      socket.destroySoon();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * The HTTP server: cached pages are answered straight from node:http, everything else goes
 * through the Hono app. Slow clients are cut off and one address cannot hold every socket.
 * Resolves once listening.
 */
export async function startHttpServer(
  app: Hono<AppEnv>,
  pageCache: PageCache | undefined,
  listen: { port: number; hostname: string },
  limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
): Promise<{ server: Server; address: AddressInfo }> {
  const handle = getRequestListener(app.fetch);
  const postTurns = createWriteTurns();
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for connections past those timeouts (its default is 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 2)),
    },
    (req, res) => {
      if (pageCache?.serveFromMemory(req, res)) return;
      // Posts queue for a turn of the event loop each, so reads are answered between them.
      if (req.method === 'POST') {
        void postTurns.take().then(() => handle(req, res));
        return;
      }
      void handle(req, res);
    },
  );
  capConnections(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, address: server.address() as AddressInfo };
}
