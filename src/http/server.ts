import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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
  /** How long a connection may sit idle between requests before it is closed. */
  keepAliveTimeoutMs?: number;
  /**
   * Connections one client address may hold that are neither being answered nor new: idle
   * between requests, or still sending a request after LOITERING_AFTER_MS. Past it, those that
   * have loitered longest are closed; connections being answered are never counted. 0 for no
   * cap. Trusted proxies are not capped.
   */
  maxConnectionsPerAddress: number;
  trustedProxies?: BlockList;
}

/**
 * Ten seconds for headers (a real browser sends them in one packet), thirty for a whole request
 * (a 2 MB article over a slow mobile link), five idle seconds between requests (Node's default:
 * long enough for a reader's next click to reuse the connection, short enough that idle sockets
 * do not pile up), and more idle connections per address than a browser keeps (6 per host)
 * times a busy office behind one NAT.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerAddress: 64,
};

/**
 * A connection that has neither sent a whole request nor been answered for this long counts
 * against its address's cap: a browser sends its request as soon as it connects, within a round
 * trip even on a slow mobile link, and a busy event loop may take a moment to read it.
 */
export const LOITERING_AFTER_MS = 2_000;
/** How often loitering connections are counted; only addresses over their cap are looked at. */
const SWEEP_INTERVAL_MS = 500;
/**
 * Open connections of any kind one address may hold, in multiples of its cap on loitering ones:
 * at the default cap, 1,024. Readers being answered are not loitering, so this is the bound that
 * keeps an address opening connections faster than they are swept from taking every file
 * descriptor: a thousand readers answered at once from one address still fit.
 */
const OPEN_CONNECTIONS_PER_LOITERING = 16;

/** What a connection over the cap gets before it is closed: a plain answer, not a silent reset. */
const TOO_MANY_CONNECTIONS_BODY = 'Too many open connections from your address. Please try again in a moment.\n';
const TOO_MANY_CONNECTIONS =
  'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  `Content-Length: ${Buffer.byteLength(TOO_MANY_CONNECTIONS_BODY)}\r\nConnection: close\r\n\r\n${TOO_MANY_CONNECTIONS_BODY}`;

/** What the guard knows of one connection; kept on the socket so a request finds it at once. */
interface Tracked {
  socket: Socket;
  address: string;
  requests: number;
  /** Requests counted at the last sweep: a change means the connection was used since. */
  requestsSeen: number;
  /** Since when the connection has been neither new nor in use (performance.now()). */
  quietSince: number;
  /** The latest answer: while it is being written, the connection is not loitering. */
  response: ServerResponse | undefined;
}

const TRACKED = Symbol('wirepress.connection');
type GuardedSocket = Socket & { [TRACKED]?: Tracked };

/** Counts a request on its connection; called for every request, so it does as little as it can. */
function noteRequest(req: IncomingMessage, res: ServerResponse): void {
  const tracked = (req.socket as GuardedSocket)[TRACKED];
  if (tracked) {
    tracked.requests += 1;
    tracked.response = res;
  }
}

/**
 * Keeps each address to its cap of loitering connections (idle, or slow to send a request),
 * closing those that have loitered longest, and to a ceiling of open ones, turning away new
 * connections past it. A connection whose request is being answered never counts as loitering,
 * so any number of readers behind one address are served while their requests are answered.
 */
function guardConnections(server: Server, limits: ConnectionLimits): void {
  const cap = limits.maxConnectionsPerAddress;
  if (cap <= 0) return;
  const ceiling = cap * OPEN_CONNECTIONS_PER_LOITERING;
  const open = new Map<string, Set<Tracked>>();
  /** Addresses holding more connections than the cap: only these can have too many loitering. */
  const crowded = new Set<string>();

  server.on('connection', (socket: GuardedSocket) => {
    const address = socket.remoteAddress ?? '';
    if (isTrusted(limits.trustedProxies, address)) return;
    let connections = open.get(address);
    if (connections && connections.size >= ceiling) {
      socket.end(TOO_MANY_CONNECTIONS);
      socket.destroySoon();
      return;
    }
    if (!connections) open.set(address, (connections = new Set()));
    const tracked: Tracked = { socket, address, requests: 0, requestsSeen: 0, quietSince: performance.now(), response: undefined };
    socket[TRACKED] = tracked;
    connections.add(tracked);
    if (connections.size > cap) crowded.add(address);
    socket.once('close', () => {
      connections.delete(tracked);
      if (connections.size === 0 && open.get(address) === connections) open.delete(address);
    });
  });

  const sweep = () => {
    const now = performance.now();
    for (const address of crowded) {
      const connections = open.get(address);
      if (!connections || connections.size <= cap) {
        crowded.delete(address);
        continue;
      }
      const loitering: Tracked[] = [];
      for (const tracked of connections) {
        if (tracked.requests !== tracked.requestsSeen || (tracked.response !== undefined && !tracked.response.writableFinished)) {
          tracked.requestsSeen = tracked.requests;
          tracked.quietSince = now;
        } else if (now - tracked.quietSince >= LOITERING_AFTER_MS) {
          loitering.push(tracked);
        }
      }
      if (loitering.length <= cap) continue;
      loitering.sort((a, b) => a.quietSince - b.quietSince);
      for (const tracked of loitering.slice(0, loitering.length - cap)) {
        // One that never got an answer is told why; an idle one is closed as keep-alive closes it.
        if (tracked.requests === 0) tracked.socket.end(TOO_MANY_CONNECTIONS);
        else tracked.socket.end();
        tracked.socket.destroySoon();
        connections.delete(tracked);
      }
    }
  };
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  server.once('close', () => clearInterval(sweeper));
}

/**
 * The HTTP server: cached pages are answered straight from node:http, everything else goes
 * through the Hono app. Slow and idle clients are cut off and one address cannot hold every socket.
 * Resolves once listening.
 */
export async function startHttpServer(
  app: Hono<AppEnv>,
  pageCache: PageCache | undefined,
  listen: { port: number; hostname: string },
  limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
): Promise<{ server: Server; address: AddressInfo }> {
  const handle = getRequestListener(app.fetch);
  const guarded = limits.maxConnectionsPerAddress > 0;
  const postTurns = createWriteTurns();
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.keepAliveTimeoutMs,
      // How often Node looks for connections past those timeouts (its default is 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 2)),
    },
    (req, res) => {
      if (guarded) noteRequest(req, res);
      if (pageCache?.serveFromMemory(req, res)) return;
      // Posts queue for a turn of the event loop each, so reads are answered between them.
      if (req.method === 'POST') {
        void postTurns.take().then(() => handle(req, res));
        return;
      }
      void handle(req, res);
    },
  );
  guardConnections(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, address: server.address() as AddressInfo };
}
