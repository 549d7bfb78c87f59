import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './support/process.ts';

/**
 * Dependencies point inward (STYLE.md): which top-level folder of src/ may import which.
 * A file of storage/ may import storage/ and domain/, and so on; "*" is any folder.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  domain: ['domain'],
  i18n: ['i18n'],
  content: ['content', 'domain'],
  demo: ['demo', 'domain'],
  storage: ['storage', 'domain'],
  services: ['services', 'domain', 'storage', 'content', 'demo', 'i18n'],
  views: ['views', 'domain', 'content', 'i18n'],
  feeds: ['feeds', 'domain', 'content', 'i18n'],
  mail: ['mail', 'domain'],
  http: ['http', 'services', 'domain', 'content', 'views', 'feeds', 'i18n', 'storage/db.ts', 'logger.ts'],
  jobs: ['jobs', 'services', 'domain', 'storage/db.ts', 'logger.ts'],
  cli: ['cli', 'services', 'domain', 'config.ts', 'storage/db.ts', 'storage/migrate.ts', 'storage/backup.ts'],
  'config.ts': ['storage/db.ts', 'domain'],
  'logger.ts': ['config.ts'],
  'app.ts': ['http'],
  'main.ts': ['*'],
};

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!).filter((s) => s.startsWith('.'));
}

function allowed(target: string, rules: readonly string[]): boolean {
  return rules.some((rule) => rule === '*' || target === rule || target.startsWith(`${rule}/`));
}

/** Kysely's raw SQL: sql`…`, or typed, sql<string>`…`. */
const RAW_SQL = /\bsql(?:<[^>\n]*>)?`/;
/** Reaching the dialect itself (database.dialect.…). */
const DIALECT_USE = /\.dialect\b/;

describe('layering', () => {
  it('every src/ file imports only what its layer may', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = relative(SRC, file);
      const layer = from.split('/')[0]!;
      const rules = MAY_IMPORT[layer];
      if (!rules) {
        problems.push(`${from}: its folder has no layering rule; add one to test/architecture.test.ts`);
        continue;
      }
      for (const spec of importsOf(file)) {
        const target = relative(SRC, resolve(dirname(file), spec));
        if (target.startsWith('..')) problems.push(`${from} imports ${spec}, outside src/`);
        else if (!allowed(target, rules)) problems.push(`${from} imports ${target}, which ${layer} may not`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the rule can fail: it flags a storage import in a view', () => {
    assert.equal(allowed('storage/posts.ts', MAY_IMPORT.views!), false);
    assert.equal(allowed('domain/posts.ts', MAY_IMPORT.views!), true);
  });

  it('raw SQL stays in storage/ (sql`` and sql<T>`` only in migrations and dialect code)', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => RAW_SQL.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f))
      .filter((f) => !f.startsWith('storage/migrations/') && !f.startsWith('storage/dialect/'));
    assert.deepEqual(offenders, []);
  });

  it('the rule for raw SQL can fail: it sees typed and untyped templates', () => {
    assert.ok(RAW_SQL.test('const x = sql<string>`substr(body, 1, 100)`;'));
    assert.ok(RAW_SQL.test('await sql`select 1`.execute(db);'));
    assert.ok(!RAW_SQL.test('const mysql = 1; // no template'));
  });

  it('only storage/ reaches the dialect; the rest asks the database for what it needs', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => DIALECT_USE.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f))
      .filter((f) => !f.startsWith('storage/'));
    assert.deepEqual(offenders, []);
    assert.ok(DIALECT_USE.test('database.dialect.search'), 'the rule can fail');
  });
});
