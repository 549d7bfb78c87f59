import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_COMMENT_PACE, type CommentPace } from './domain/comment-pace.ts';
import type { DatabaseLocation } from './storage/db.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  database: DatabaseLocation;
  /** Where a deployment puts a proxy, the public origin, e.g. https://news.example.org; used for same-origin checks. */
  siteUrl: string | undefined;
  logLevel: LogLevel;
  /** Worker processes serving requests; 1 serves from the main process itself. */
  webConcurrency: number;
  /** Memory for whole cached pages per process, in bytes; 0 turns the page cache off. */
  pageCacheBytes: number;
  /** Flood control and hourly comment limits per address and network. */
  commentPace: CommentPace;
  /** Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  /** Slow clients are cut off after these; one address holds at most this many connections (0: no cap). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnectionsPerAddress: number;
  /** Days a comment's IP address and browser are kept before they are cleared. */
  addressRetentionDays: number;
  /** Whether webhooks may reach loopback and private addresses (WEBHOOK_ALLOW_PRIVATE=1): off, so adding a webhook cannot probe the server's own network. */
  webhookAllowPrivate: boolean;
  /** Who mail is from, and where it goes: an SMTP server, or .eml files in a folder when SMTP_URL is not set. */
  mail: MailConfig;
  /** Photos: this node's folder of made sizes and its bound, the largest upload, and whether served files keep the photographer and copyright. */
  media: { cacheDir: string; cacheMaxBytes: number; maxUploadBytes: number; keepCredits: boolean };
}

export type MailConfig = { from: string } & ({ kind: 'smtp'; url: string } | { kind: 'files'; directory: string });

/** "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8": an address, or a network with a prefix length that fits it. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/** Where the site keeps its data when DATABASE_URL is not set: a SQLite file beside the code. */
const DEFAULT_DATABASE_URL = 'file:./data/site.db';

/** Connections each process keeps open to PostgreSQL at most, unless DATABASE_POOL_SIZE says otherwise. */
const DEFAULT_POOL_SIZE = 10;

/**
 * "postgres://user:pass@host:5432/db" for PostgreSQL; "file:relative/or/absolute.db" or a bare
 * path for a SQLite file, created on first start.
 */
export function parseDatabaseUrl(url: string, poolSize = DEFAULT_POOL_SIZE): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('is not a valid postgres:// URL');
    }
    if (parsed.pathname.length <= 1) throw new Error('names no database; add one, e.g. postgres://user:pass@localhost:5432/wirepress');
    return { kind: 'postgres', url, poolSize };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file://')) {
    throw new Error('must be a file: path for SQLite or a postgres:// URL');
  }
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url.replace(/^file:/, '');
  if (path.trim() === '') throw new Error('it names no file');
  return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
}

/** "smtp://user:pass@host:587" or "smtps://…"; the password may need %-encoding. */
function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** "Name <address@host>" or a bare "address@host". */
function isMailbox(value: string): boolean {
  const match = /^(?:[^<>\r\n]*<([^<>\s]+)>|([^<>\s]+))$/.exec(value.trim());
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && z.email().safeParse(address).success;
}

/** Where mail is written when no SMTP server is configured: beside the SQLite file, or ./data/mail. */
function mailDirectory(database: DatabaseLocation): string {
  return database.kind === 'sqlite' && database.path !== ':memory:' ? join(dirname(database.path), 'mail') : resolve('data/mail');
}

/** Where made image sizes are kept when MEDIA_CACHE_DIR is not set: beside the SQLite file, or ./data/media-cache. */
function mediaCacheDirectory(database: DatabaseLocation): string {
  return database.kind === 'sqlite' && database.path !== ':memory:' ? join(dirname(database.path), 'media-cache') : resolve('data/media-cache');
}

/** The sender when MAIL_FROM is not set: the site's own host name, or localhost. */
function defaultMailFrom(siteUrl: string | undefined): string {
  const host = siteUrl ? new URL(siteUrl).hostname : '';
  return `Wirepress <wirepress@${host === '' || isIP(host.replace(/^\[|\]$/g, '')) !== 0 ? 'localhost' : host}>`;
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(DEFAULT_POOL_SIZE),
  SITE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://news.example.org' })
    .transform((u) => new URL(u).origin)
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(availableParallelism()),
  /** 64 MB holds several thousand article pages with their compressed forms. */
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
  COMMENT_FLOOD_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(DEFAULT_COMMENT_PACE.floodIntervalMs / 1000),
  COMMENT_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_COMMENT_PACE.perAddressPerHour),
  COMMENT_LIMIT_PER_NETWORK: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_COMMENT_PACE.perNetworkPerHour),
  TRUSTED_PROXIES: z
    .string()
    .transform((v) => v.split(/[\s,]+/).filter((entry) => entry !== ''))
    .refine((entries) => entries.every(isAddressOrRange), 'must list IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8')
    .default([]),
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(100_000).default(64),
  /** 30 days: long enough to trace a spam wave or abuse report, short enough to hold little. */
  COMMENT_IP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1'], 'must be 1 (allow) or 0').default('0'),
  SMTP_URL: z.string().refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587').optional(),
  MAIL_FROM: z.string().refine(isMailbox, 'must be an address such as Newsroom <news@example.org>').optional(),
  MEDIA_CACHE_DIR: z.string().min(1).optional(),
  /** 1 GB: every size of a few thousand photos; what is evicted is made again when asked for. */
  MEDIA_CACHE_MB: z.coerce.number().int().min(16).max(1_048_576).default(1_024),
  /** 25 MB: a full-size photo from a press camera. */
  MEDIA_MAX_MB: z.coerce.number().int().min(1).max(512).default(25),
  MEDIA_KEEP_CREDITS: z.enum(['true', 'false', '1', '0']).default('false'),
});

/**
 * Where the site is reached when SITE_URL is not set: its own listening address. Pages and
 * feeds write absolute links from this, never from a request's Host header, which anyone can
 * set and which would otherwise end up in pages cached for every reader.
 */
/** The origin links are made from when SITE_URL is not set: the listening address. */
export function localOrigin(host: string, port: number): string | undefined {
  if (port === 0) return undefined; // a port the system picks: known only once listening
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment once; a bad value stops the start with the variable's name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  let database: DatabaseLocation;
  try {
    database = parseDatabaseUrl(e.DATABASE_URL, e.DATABASE_POOL_SIZE);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    siteUrl: e.SITE_URL ?? localOrigin(e.HOST, e.PORT),
    logLevel: e.LOG_LEVEL,
    webConcurrency: e.WEB_CONCURRENCY,
    pageCacheBytes: e.PAGE_CACHE_MB * 1024 * 1024,
    commentPace: {
      floodIntervalMs: e.COMMENT_FLOOD_SECONDS * 1000,
      perAddressPerHour: e.COMMENT_LIMIT_PER_ADDRESS,
      perNetworkPerHour: e.COMMENT_LIMIT_PER_NETWORK,
    },
    trustedProxies: e.TRUSTED_PROXIES,
    headersTimeoutMs: e.HEADERS_TIMEOUT_SECONDS * 1000,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    addressRetentionDays: e.COMMENT_IP_RETENTION_DAYS,
    media: {
      cacheDir: e.MEDIA_CACHE_DIR ? resolve(e.MEDIA_CACHE_DIR) : mediaCacheDirectory(database),
      cacheMaxBytes: e.MEDIA_CACHE_MB * 1024 * 1024,
      maxUploadBytes: e.MEDIA_MAX_MB * 1024 * 1024,
      keepCredits: e.MEDIA_KEEP_CREDITS === 'true' || e.MEDIA_KEEP_CREDITS === '1',
    },
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === '1',
    mail: {
      from: e.MAIL_FROM?.trim() ?? defaultMailFrom(e.SITE_URL),
      ...(e.SMTP_URL ? { kind: 'smtp' as const, url: e.SMTP_URL } : { kind: 'files' as const, directory: mailDirectory(database) }),
    },
  };
}
