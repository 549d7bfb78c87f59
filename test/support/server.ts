import type { MediaVariants } from '../../src/services/media-variants.ts';
import { buildApp, createPageCache, startHttpServer, type AppDeps } from '../../src/app.ts';
import { UNLIMITED_COMMENT_PACE, type CommentPace } from '../../src/domain/comment-pace.ts';
import { trustedProxyList } from '../../src/http/client-address.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '../../src/http/server.ts';
import { startMailDelivery } from '../../src/jobs/mail-delivery.ts';
import { startWebhookDelivery } from '../../src/jobs/webhook-delivery.ts';
import { createWebhookSender } from '../../src/jobs/webhook-sender.ts';
import { startScheduledPublishing } from '../../src/jobs/scheduled-publishing.ts';
import { createMailTransport } from '../../src/mail/transport.ts';
import { createLogger } from '../../src/logger.ts';
import { seedDemoContent } from '../../src/services/seed.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const DEMO_ARTICLE_PATH = '/2022/02/15/lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states/';

export interface TestServer {
  url: string;
  database: TestDatabase;
  /** The database as a DATABASE_URL, for processes a test starts against the same site. */
  databaseUrl: string;
  /** Lines the app logged, parsed. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The real app on a real loopback port over a temporary SQLite file, seeded like a first start. */
/**
 * siteUrl: the configured SITE_URL; by default the server's own address once it listens (as
 * in production, where the listening address stands in for SITE_URL); null leaves it unset.
 */
export async function startTestServer(
  options: {
    seed?: boolean;
    pageCache?: boolean;
    siteUrl?: string | null;
    scheduler?: boolean;
    commentPace?: CommentPace;
    trustedProxies?: string[];
    connectionLimits?: ConnectionLimits;
    busyTimeoutMs?: number;
    smtpUrl?: string;
    now?: () => Date;
    /** Webhooks delivered from this process, to loopback receivers too, on the given clock (a test moves it on to reach a retry). */
    webhooks?: { now?: () => Date };
    /** The photos' queues, folder and limits; by default those of buildApp (25 MB, a temporary folder). */
    media?: MediaVariants;
  } = {},
): Promise<TestServer> {
  const database = await createTestDatabase({ busyTimeoutMs: options.busyTimeoutMs });
  if (options.seed ?? true) await seedDemoContent(database.db, new Date());
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  // The cache is on by default, as in production, so every HTTP test also proves it serves nothing stale.
  const signal = (options.pageCache ?? true) ? await database.openChangeSignal() : undefined;
  const pageCache = signal && createPageCache({ database, signal, maxBytes: 16 * 1024 * 1024, logger, headers: securityHeaders(options.siteUrl ?? undefined) });
  // Scheduled publishing runs in every serving process, as main.ts starts it.
  const scheduler = (options.scheduler ?? true) ? startScheduledPublishing({ db: database.db, logger }) : undefined;
  const trustedProxies = trustedProxyList(options.trustedProxies ?? []);
  // Mail is delivered from every serving process, as main.ts starts it, when a test gives an SMTP server.
  let siteUrl = options.siteUrl ?? undefined;
  const mail = options.smtpUrl
    ? startMailDelivery({
        db: database.db,
        transport: createMailTransport({ kind: 'smtp', url: options.smtpUrl, from: 'Wirepress <wirepress@localhost>' }),
        logger,
        now: options.now,
        origin: () => siteUrl,
      })
    : undefined;
  const webhooks = options.webhooks
    ? startWebhookDelivery({
        database,
        sender: createWebhookSender({ allowPrivate: true, userAgent: 'Wirepress webhooks (test)' }),
        logger,
        now: options.webhooks.now,
        maxSleepMs: 100,
      })
    : undefined;
  const deps: AppDeps = {
    database,
    logger,
    pageCache,
    siteUrl: options.siteUrl ?? undefined,
    scheduler,
    mail,
    now: options.now,
    // Tests of other features post many comments from one loopback address in a few seconds;
    // flood control and the hourly limits have tests of their own that turn them on.
    commentPace: options.commentPace ?? UNLIMITED_COMMENT_PACE,
    trustedProxies,
    media: options.media,
  };
  const app = buildApp(deps);
  const { server, address } = await startHttpServer(
    app,
    pageCache,
    { port: 0, hostname: '127.0.0.1' },
    { ...(options.connectionLimits ?? DEFAULT_CONNECTION_LIMITS), trustedProxies },
  );
  const url = `http://127.0.0.1:${address.port}`;
  if (options.siteUrl === undefined) deps.siteUrl = url;
  siteUrl = deps.siteUrl;
  return {
    url,
    database,
    databaseUrl: database.url,
    logs,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await scheduler?.stop();
      await mail?.stop();
      await webhooks?.stop();
      await signal?.close();
      await database.destroy();
    },
  };
}

/** Posts a form the way a browser on this site does. */
export function postForm(server: TestServer, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}
