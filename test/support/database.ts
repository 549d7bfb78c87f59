import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type Database, type DatabaseLocation } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';

/**
 * The database this run of the suite tests: the test runner runs the whole suite once with
 * WIREPRESS_TEST_DATABASE=sqlite and once with =postgres (and a temporary server's URL).
 */
export const TEST_BACKEND: 'sqlite' | 'postgres' = process.env.WIREPRESS_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabaseLocation {
  label: string;
  location: DatabaseLocation;
  /** The same place as a DATABASE_URL, for processes the test starts. */
  url: string;
  /** Removes the database (drop it, or delete its files). */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.WIREPRESS_TEST_POSTGRES_URL;
  if (!url) throw new Error('WIREPRESS_TEST_DATABASE=postgres needs WIREPRESS_TEST_POSTGRES_URL; run the tests with `npm test`, which starts a server');
  return url;
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database of this run's backend: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDatabaseLocation(): Promise<TestDatabaseLocation> {
  if (TEST_BACKEND === 'postgres') {
    const name = `wirepress_test_${randomBytes(6).toString('hex')}`;
    await asAdmin(`create database ${name}`);
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    return {
      label: 'postgres',
      location: { kind: 'postgres', url: url.href, poolSize: 5 },
      url: url.href,
      drop: () => asAdmin(`drop database if exists ${name} with (force)`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-test-'));
  const path = join(dir, 'site.db');
  return {
    label: 'sqlite',
    location: { kind: 'sqlite', path },
    url: `file:${path}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TestDatabase extends Database {
  /** The database's name in test titles. */
  label: string;
  /** The same database as a DATABASE_URL. */
  url: string;
  /** Closes the database and removes it. */
  destroy(): Promise<void>;
}

/**
 * A migrated, empty database of this run's backend. busyTimeoutMs (SQLite only): how long a write
 * waits for a lock held elsewhere, shortened by tests that hold one past it.
 */
export async function createTestDatabase(options: { busyTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const place = await createTestDatabaseLocation();
  const database = createDb(place.location.kind === 'sqlite' ? { ...place.location, busyTimeoutMs: options.busyTimeoutMs } : place.location);
  await migrateToLatest(database);
  return {
    ...database,
    label: place.label,
    url: place.url,
    destroy: async () => {
      await database.close();
      await place.drop();
    },
  };
}

/** Storage tests loop over this: the backend of this run of the suite. */
export const TEST_DATABASES: ReadonlyArray<{ label: string; create: () => Promise<TestDatabase> }> = [{ label: TEST_BACKEND, create: createTestDatabase }];
