import { CompiledQuery, type KyselyPlugin } from 'kysely';
import type { Db } from '../../src/storage/db.ts';

/** The plan of each statement `run` sends, as SQLite's "explain query plan" details, one string per statement. */
export async function sqlitePlansOf(db: Db, run: (db: Db) => Promise<unknown>): Promise<string[]> {
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
  const plans: string[] = [];
  for (const query of compiled) {
    const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    plans.push(result.rows.map((row) => row.detail).join('; '));
  }
  return plans;
}
