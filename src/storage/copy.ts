import type { Kysely } from 'kysely';
import type { Database } from './db.ts';
import type { Schema } from './schema.ts';

/** Tables in the order their foreign keys allow, each with the key that orders and identifies its rows. */
const TABLES: ReadonlyArray<{ name: keyof Schema; key: readonly string[]; identity: boolean }> = [
  { name: 'settings', key: ['key'], identity: false },
  { name: 'authors', key: ['id'], identity: true },
  { name: 'sources', key: ['id'], identity: true },
  { name: 'posts', key: ['id'], identity: true },
  { name: 'post_sources', key: ['post_id', 'source_id'], identity: false },
  // A reply's id is always above its parent's, so id order inserts parents first.
  { name: 'comments', key: ['id'], identity: true },
  { name: 'comment_events', key: ['id'], identity: true },
  { name: 'content_changes', key: ['id'], identity: true },
  { name: 'terms', key: ['id'], identity: true },
  { name: 'post_terms', key: ['post_id', 'term_id'], identity: false },
  { name: 'corrections', key: ['id'], identity: true },
  { name: 'users', key: ['id'], identity: true },
  { name: 'sessions', key: ['token_hash'], identity: false },
  { name: 'setup_tokens', key: ['token_hash'], identity: false },
  { name: 'login_failures', key: ['id'], identity: true },
  { name: 'post_revisions', key: ['id'], identity: true },
  { name: 'post_redirects', key: ['path'], identity: false },
  { name: 'spam_tokens', key: ['token'], identity: false },
];

/** Rows copied per round trip: large enough to be quick, small enough to keep memory flat on a big site. */
const BATCH_SIZE = 500;

/** A view of the schema by table name, for code that treats every table alike. */
type AnyTables = Kysely<Record<string, Record<string, unknown>>>;

export interface TableCount {
  table: string;
  rows: number;
}

export async function countRows(database: Database): Promise<TableCount[]> {
  const db = database.db as unknown as AnyTables;
  const counts: TableCount[] = [];
  for (const table of TABLES) {
    const row = await db
      .selectFrom(table.name)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts.push({ table: table.name, rows: Number(row.n) });
  }
  return counts;
}

/**
 * Copies every row of every table from one database to another, keeping ids, so links and
 * threads survive. A row whose key is already in the target is left as it is, so running the
 * copy again adds only what is new. Both databases must be migrated to the same version.
 */
export async function copyAllTables(from: Database, to: Database, onTable: (table: string, copied: number) => void = () => {}): Promise<void> {
  const source = from.db as unknown as AnyTables;
  await to.db.transaction().execute(async (tx) => {
    const target = tx as unknown as AnyTables;
    for (const table of TABLES) {
      let copied = 0;
      for (let offset = 0; ; offset += BATCH_SIZE) {
        let query = source.selectFrom(table.name).selectAll();
        for (const column of table.key) query = query.orderBy(column);
        const rows = await query.limit(BATCH_SIZE).offset(offset).execute();
        if (rows.length === 0) break;
        await target
          .insertInto(table.name)
          .values(rows)
          .onConflict((oc) => oc.columns(table.key as string[]).doNothing())
          .execute();
        copied += rows.length;
        if (rows.length < BATCH_SIZE) break;
      }
      if (table.identity) await to.dialect.resetIdentity(tx, table.name, 'id');
      onTable(table.name, copied);
    }
    // Related-post rankings are derived, not copied; any the target kept predate the posts copied in.
    await tx.deleteFrom('related_rankings').execute();
  });
}
