import { CompiledQuery, type KyselyPlugin } from 'kysely';
import type { Kysely } from 'kysely';
import type { Schema } from '../../src/storage/schema.ts';

type Db = Kysely<Schema>;

/** Every statement `run` sends through the handle it is given, compiled, in order. */
async function recordStatements(db: Db, run: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
  const compiled: CompiledQuery[] = [];
  const executor = db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      compiled.push(executor.compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await run(db.withPlugin(recorder));
  return compiled;
}

/** The plan of each statement `run` sends, as SQLite's "explain query plan" details, one string per statement. */
export async function sqlitePlansOf(db: Db, run: (db: Db) => Promise<unknown>): Promise<string[]> {
  const plans: string[] = [];
  for (const query of await recordStatements(db, run)) {
    const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    plans.push(result.rows.map((row) => row.detail).join('; '));
  }
  return plans;
}

/**
 * The plan of each statement `run` sends, as PostgreSQL's EXPLAIN prints it, one string per
 * statement, explained on the same handle (inside a transaction, with its settings).
 */
export async function postgresPlansOf(db: Db, run: (db: Db) => Promise<unknown>): Promise<string[]> {
  const plans: string[] = [];
  for (const query of await recordStatements(db, run)) {
    const result = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
    plans.push(result.rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
  return plans;
}
