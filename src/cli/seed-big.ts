import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { generateBigSite } from '../services/big-site.ts';
import { seedDemoContent } from '../services/seed.ts';
import { createDb, describeLocation, type Database, type DatabaseLocation } from '../storage/db.ts';
import { migrateToLatest } from '../storage/migrate.ts';

const USAGE = `Usage: npm run seed:big -- [--posts N] [--comments M] [--demo-comments K] [--seed S] [--database-url URL]

Fills a new site with generated news for benchmarks: N posts (default 100000) of news-article
length with sources, categories and tags, M approved threaded comments (default 1000000) spread
over them, and K approved comments on the demo article (default 0). The database (DATABASE_URL,
default file:./data/site.db) is migrated and given the demo content first if it is new. Stop the
site while this runs.
`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export class SeedBigUsageError extends Error {}

interface SeedBigOptions {
  posts: number;
  comments: number;
  demoComments: number;
  seed: number;
  location: DatabaseLocation;
}

function parseOptions(args: string[], env: Record<string, string | undefined>): SeedBigOptions {
  const { values } = parseArgs({
    args,
    options: {
      posts: { type: 'string', default: '100000' },
      comments: { type: 'string', default: '1000000' },
      'demo-comments': { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
    },
    strict: true,
  });
  const count = (flag: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw new SeedBigUsageError(`--${flag} must be a whole number, got "${raw}"`);
    return n;
  };
  let location: DatabaseLocation;
  try {
    // One connection is all a single writer needs.
    location = values['database-url'] === undefined ? loadConfig(env).database : parseDatabaseUrl(values['database-url'], 1);
  } catch (error) {
    throw new SeedBigUsageError(`the database URL ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    posts: count('posts', values.posts),
    comments: count('comments', values.comments),
    demoComments: count('demo-comments', values['demo-comments']),
    seed: count('seed', values.seed),
    location,
  };
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** `npm run seed:big`: returns the process exit code. */
export async function runSeedBig(args: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  let database: Database | undefined;
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    const options = parseOptions(args, env);
    const started = performance.now();
    database = createDb(options.location);
    io.out(
      `Generating ${options.posts} posts and ${options.comments} comments (+${options.demoComments} on the demo article) in ${describeLocation(options.location)}\n`,
    );
    await migrateToLatest(database);
    if (await seedDemoContent(database.db, new Date())) io.out('  demo content seeded\n');
    const progressEvery = Math.max(1, Math.round(options.posts / 20));
    let reported = 0;
    const done = await generateBigSite(database, options, new Date(), (progress) => {
      if (progress.posts - reported < progressEvery && progress.posts < options.posts) return;
      reported = progress.posts;
      io.out(`  ${progress.posts} posts, ${progress.comments} comments (${seconds(started)})\n`);
    });
    io.out(`Done: ${done.posts} posts and ${done.comments} comments in ${seconds(started)}.\n`);
    return 0;
  } catch (error) {
    if (error instanceof SeedBigUsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 64;
    }
    io.err(`${error instanceof DomainError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}
