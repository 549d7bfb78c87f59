import { resolve } from 'node:path';
import { z } from 'zod';
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
}

/** Where the site keeps its data when DATABASE_URL is not set: a SQLite file beside the code. */
const DEFAULT_DATABASE_URL = 'file:./data/site.db';

/** "file:relative/or/absolute.db" or a bare path: a SQLite file, created on first start. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error('PostgreSQL is not supported by this version yet; use a SQLite file, e.g. DATABASE_URL=file:./data/site.db');
  }
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url.replace(/^file:/, '');
  if (path.trim() === '') throw new Error('it names no file');
  return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .transform((url, ctx) => {
      try {
        return parseDatabaseUrl(url);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  SITE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://news.example.org' })
    .transform((u) => new URL(u).origin)
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

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
  return { port: e.PORT, host: e.HOST, database: e.DATABASE_URL, siteUrl: e.SITE_URL, logLevel: e.LOG_LEVEL };
}
