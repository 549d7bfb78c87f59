import cluster from 'node:cluster';
import { buildApp, createPageCache, startHttpServer, type AppDeps } from './app.ts';
import { ConfigError, loadConfig, localOrigin, type Config } from './config.ts';
import { startAddressRetention } from './jobs/address-retention.ts';
import { startMailDelivery } from './jobs/mail-delivery.ts';
import { startWebhookDelivery } from './jobs/webhook-delivery.ts';
import { createWebhookSender } from './jobs/webhook-sender.ts';
import { startScheduledPublishing } from './jobs/scheduled-publishing.ts';
import { trustedProxyList } from './http/client-address.ts';
import { securityHeaders } from './http/security-headers.ts';
import { createLogger, exitAfterLogs, exitOnCrash, type Logger } from './logger.ts';
import { createMailTransport, describeMailTransport } from './mail/transport.ts';
import { issueOwnerSetupLink } from './services/accounts.ts';
import { limitImageThreads } from './services/media-images.ts';
import { MediaVariants } from './services/media-variants.ts';
import { recordEarlierBodyPhotos } from './services/media-uses.ts';
import { seedDemoContent } from './services/seed.ts';
import { createDb, describeLocation } from './storage/db.ts';
import { migrateToLatest } from './storage/migrate.ts';

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/** A worker that dies is started again after this pause, so a crash loop does not spin the CPU. */
const WORKER_RESTART_DELAY_MS = 1_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Creates or updates the schema and, on a site's first start, the demo content. Runs once, before serving. */
async function prepareDatabase(config: Config, logger: Logger): Promise<void> {
  const database = createDb(config.database);
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) logger.info('migrated', { migrations: applied });
    // Once, after migration 030: the photos shown in texts saved before their uses were recorded.
    const photoTexts = await recordEarlierBodyPhotos(database.db);
    if (photoTexts > 0) logger.info('recorded the photos in earlier texts', { texts: photoTexts });
    if (await seedDemoContent(database.db, new Date())) logger.info('seeded demo content');
    const token = await issueOwnerSetupLink(database.db, new Date());
    if (token) {
      const url = `${config.siteUrl ?? ''}/admin/setup/?token=${token}`;
      logger.announce('setup link', { url, validFor: '24 hours, once' });
      process.stderr.write(`\nThis site has no owner yet. Create the owner account here (the link works once, for 24 hours):\n  ${url}\n\n`);
    }
  } finally {
    await database.close();
  }
}

/** Where mail goes; without an SMTP server, the folder an operator opens to find a password-reset link. */
function announceMail(config: Config, logger: Logger): void {
  if (config.mail.kind === 'files')
    logger.announce('mail is written to files (SMTP_URL is not set)', { directory: config.mail.directory, from: config.mail.from });
  else logger.announce('mail is sent by SMTP', { server: describeMailTransport(config.mail), from: config.mail.from });
}

function onSignals(stop: (signal: string) => void): void {
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Serves the site from this process until SIGTERM/SIGINT; `announce` says where it listens. */
async function serveSite(config: Config, logger: Logger, announce: boolean): Promise<void> {
  const database = createDb(config.database);
  const changes = config.pageCacheBytes > 0 ? await database.openChangeSignal() : undefined;
  const pageCache =
    changes && createPageCache({ database, signal: changes, maxBytes: config.pageCacheBytes, logger, headers: securityHeaders(config.siteUrl) });
  const scheduler = startScheduledPublishing({ db: database.db, logger });
  const addressRetention = startAddressRetention({ db: database.db, logger, retentionDays: config.addressRetentionDays });
  const webhooks = startWebhookDelivery({
    database,
    sender: createWebhookSender({ allowPrivate: config.webhookAllowPrivate, userAgent: 'Wirepress webhooks' }),
    logger,
  });
  const trustedProxies = trustedProxyList(config.trustedProxies);
  let siteUrl = config.siteUrl;
  const mail = startMailDelivery({ db: database.db, transport: createMailTransport(config.mail), logger, origin: () => siteUrl });
  limitImageThreads();
  const deps: AppDeps = {
    database,
    logger,
    siteUrl: config.siteUrl,
    pageCache,
    scheduler,
    mail,
    commentPace: config.commentPace,
    trustedProxies,
    media: new MediaVariants(config.media),
  };
  const app = buildApp(deps);
  const { server, address } = await startHttpServer(
    app,
    pageCache,
    { port: config.port, hostname: config.host },
    {
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      trustedProxies,
    },
  );
  // With PORT=0 the address is known only now. Links are then made from it, as they are from a
  // fixed PORT, rather than from each request's Host header, which would keep pages out of the cache.
  if (deps.siteUrl === undefined) deps.siteUrl = localOrigin(config.host, address.port);
  siteUrl = deps.siteUrl;
  if (announce) {
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    logger.announce('listening', { url: `http://${host}:${address.port}`, database: describeLocation(config.database), workers: 1, pid: process.pid });
    announceMail(config, logger);
  }

  let stopping = false;
  onSignals((signal) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, pid: process.pid });
    setTimeout(() => {
      logger.warn('shutdown grace period over; exiting with requests still open');
      exitAfterLogs(logger, 1);
    }, SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      Promise.all([scheduler.stop(), addressRetention.stop(), mail.stop(), webhooks.stop()])
        .then(() => Promise.all([changes?.close(), database.close()]))
        .then(() => {
          logger.info('stopped', { pid: process.pid });
          exitAfterLogs(logger, 0);
        })
        .catch((error: unknown) => {
          logger.error('closing the database failed', { error: String(error) });
          exitAfterLogs(logger, 1);
        });
    });
    server.closeIdleConnections();
  });
}

/**
 * WEB_CONCURRENCY worker processes share the listening socket (node:cluster). The primary
 * prepares the database once, restarts a worker that dies, and on SIGTERM/SIGINT stops them
 * all and exits when they have finished their requests.
 */
function superviseWorkers(config: Config, logger: Logger): void {
  // Workers accept connections from the shared socket themselves. In Node's default
  // round-robin mode the primary hands each connection to a worker and waits for it to take it,
  // so a connection handed to a worker that has just died hangs until the client gives up.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  let listening = 0;
  const fork = () => cluster.fork();
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === config.webConcurrency) {
      const host = address.addressType === 6 ? `[${address.address}]` : address.address;
      logger.announce('listening', {
        url: `http://${host}:${address.port}`,
        database: describeLocation(config.database),
        workers: config.webConcurrency,
        pid: process.pid,
      });
      announceMail(config, logger);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('stopped', { pid: process.pid });
        exitAfterLogs(logger, 0);
      }
      return;
    }
    logger.error('worker died; starting another', { pid: worker.process.pid, code, signal });
    setTimeout(fork, WORKER_RESTART_DELAY_MS);
  });
  onSignals((signal) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, workers: Object.keys(cluster.workers ?? {}).length });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => exitAfterLogs(logger, 1), SHUTDOWN_GRACE_MS + 1_000).unref();
  });
  for (let i = 0; i < config.webConcurrency; i++) fork();
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  exitOnCrash(logger);
  if (cluster.isWorker) {
    await serveSite(config, logger, false);
    return;
  }
  await prepareDatabase(config, logger);
  if (config.webConcurrency === 1) await serveSite(config, logger, true);
  else superviseWorkers(config, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'start failed', error: error instanceof Error ? error.stack : String(error) })}\n`,
  );
  process.exit(1);
});
