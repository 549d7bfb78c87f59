import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from './db.ts';
import type { Schema } from './schema.ts';

/** Tables in the order their foreign keys allow, each with the key that orders and identifies its rows. */
const TABLES: ReadonlyArray<{ name: keyof Schema; key: readonly string[]; identity: boolean; batchSize?: number }> = [
  { name: 'settings', key: ['key'], identity: false },
  { name: 'authors', key: ['id'], identity: true },
  // Before the media, which name who uploaded them.
  { name: 'users', key: ['id'], identity: true },
  { name: 'sources', key: ['id'], identity: true },
  // Before the posts, whose featured images they are.
  { name: 'media', key: ['id'], identity: true },
  // An original may be 25 MB (MEDIA_MAX_MB): a few at a time keeps memory flat.
  { name: 'media_originals', key: ['media_id'], identity: false, batchSize: 4 },
  { name: 'posts', key: ['id'], identity: true },
  { name: 'post_sources', key: ['post_id', 'source_id'], identity: false },
  // A reply's id is always above its parent's, so id order inserts parents first.
  { name: 'comments', key: ['id'], identity: true },
  { name: 'comment_events', key: ['id'], identity: true },
  { name: 'content_changes', key: ['id'], identity: true },
  { name: 'terms', key: ['id'], identity: true },
  { name: 'post_terms', key: ['post_id', 'term_id'], identity: false },
  { name: 'corrections', key: ['id'], identity: true },
  { name: 'sessions', key: ['token_hash'], identity: false },
  { name: 'setup_tokens', key: ['token_hash'], identity: false },
  { name: 'login_failures', key: ['id'], identity: true },
  // Without them a user who signs in with two factors would lose their recovery codes in the move.
  { name: 'recovery_codes', key: ['id'], identity: true },
  // Software connected to the site keeps working after a move.
  { name: 'application_passwords', key: ['id'], identity: true },
  // Where changes are sent; the deliveries are a log and a queue, like the mail outbox, and stay behind.
  { name: 'webhook_endpoints', key: ['id'], identity: true },
  { name: 'user_removals', key: ['id'], identity: true },
  { name: 'post_revisions', key: ['id'], identity: true },
  { name: 'post_redirects', key: ['path'], identity: false },
  { name: 'spam_tokens', key: ['token'], identity: false },
  { name: 'pages', key: ['id'], identity: true },
  { name: 'page_redirects', key: ['path'], identity: false },
  // A deleted page's addresses keep answering 410 Gone after a move.
  { name: 'deleted_pages', key: ['path'], identity: false },
  { name: 'menu_items', key: ['id'], identity: true },
  // What a WordPress import brought in, so a later import of a newer export updates in place, and the old site's addresses.
  { name: 'wordpress_items', key: ['site', 'kind', 'wp_id'], identity: false },
  { name: 'legacy_addresses', key: ['address'], identity: false },
  // Readers' subscriptions and their consent, refused addresses, and what was mailed about already (so nothing is mailed twice after a move).
  { name: 'subscriptions', key: ['id'], identity: true },
  { name: 'mail_suppressions', key: ['email'], identity: false },
  { name: 'mail_causes', key: ['cause', 'ref_id'], identity: false },
  // The logo and icons: without them a copied site would lose its look.
  { name: 'site_images', key: ['name'], identity: false },
];

/** Rows copied per transaction: large enough to be quick, small enough to keep memory flat on a big site and to lose little to an interruption. */
export const COPY_BATCH_SIZE = 500;

/**
 * A table of the target's own that says how far a copy got, per table, committed with each
 * batch: a copy that is interrupted (Ctrl-C, kill -9, a lost connection) resumes from there
 * when run again. It exists only while a copy is unfinished; the copy drops it at the end.
 */
const PROGRESS_TABLE = 'wirepress_copy_progress';

/** A view of the schema by table name, for code that treats every table alike. */
type AnyTables = Kysely<Record<string, Record<string, unknown>>>;

interface ProgressRow {
  table_name: string;
  source: string;
  /** The key of the last row copied, as a JSON array. */
  after_key: string | null;
  rows_copied: number;
  finished: number;
}

export interface TableCount {
  table: string;
  rows: number;
}

/** The tables a copy moves, in the order it moves them, with the columns that order their rows. */
export const COPIED_TABLES: ReadonlyArray<{ name: string; key: readonly string[] }> = TABLES.map(({ name, key }) => ({ name, key }));

export async function countRows(database: Database): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of TABLES) counts.push({ table: table.name, rows: await countTable(database.db as unknown as AnyTables, table.name) });
  return counts;
}

async function countTable(db: AnyTables, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a copy tells as it goes; every callback is optional. */
export interface CopyListener {
  /** An interrupted copy from the same source was found in the target; it goes on from where it stopped. */
  resuming?(rowsCopiedBefore: number): void;
  /** An interrupted copy from another source was found; its bookkeeping is dropped and this copy starts from the beginning. */
  discarding?(otherSource: string): void;
  /** A table is started, or a batch of it committed: `done` counts the rows copied so far, in earlier runs too. */
  progress?(table: string, done: number, total: number): void;
  /** A table is copied whole. */
  tableDone?(table: string, done: number, total: number): void;
}

export interface CopyOptions {
  /** Names the source in the target's bookkeeping, so that a resume is only ever from the same source. */
  source: string;
  batchSize?: number;
  listener?: CopyListener;
}

/** `key > after`, for a key of one or more columns: the next page of a keyset pagination. */
function afterKey(key: readonly string[], after: unknown[]) {
  return (eb: ExpressionBuilder<Record<string, Record<string, unknown>>, string>) =>
    eb.or(key.map((column, i) => eb.and([...key.slice(0, i).map((earlier, j) => eb(eb.ref(earlier), '=', after[j])), eb(eb.ref(column), '>', after[i])])));
}

async function readProgress(target: AnyTables, source: string, listener: CopyListener): Promise<Map<string, ProgressRow>> {
  await target.schema
    .createTable(PROGRESS_TABLE)
    .ifNotExists()
    .addColumn('table_name', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('after_key', 'text')
    .addColumn('rows_copied', 'integer', (c) => c.notNull())
    .addColumn('finished', 'integer', (c) => c.notNull())
    .execute();
  const rows = (await target.selectFrom(PROGRESS_TABLE).selectAll().execute()) as unknown as ProgressRow[];
  const other = rows.find((row) => row.source !== source);
  if (other) {
    listener.discarding?.(other.source);
    await target.deleteFrom(PROGRESS_TABLE).execute();
    return new Map();
  }
  if (rows.length > 0) listener.resuming?.(rows.reduce((sum, row) => sum + Number(row.rows_copied), 0));
  return new Map(rows.map((row) => [row.table_name, { ...row, rows_copied: Number(row.rows_copied), finished: Number(row.finished) }]));
}

async function saveProgress(target: AnyTables, row: ProgressRow): Promise<void> {
  await target
    .insertInto(PROGRESS_TABLE)
    .values({ ...row })
    .onConflict((oc) => oc.column('table_name').doUpdateSet({ after_key: row.after_key, rows_copied: row.rows_copied, finished: row.finished }))
    .execute();
}

/**
 * Copies every row of every table from one database to another, keeping ids, so links and
 * threads survive. Each table is read in key order a page at a time (keyset pagination: every
 * page is an index seek, however deep into the table) and written in one transaction per page,
 * together with how far the copy got; an interrupted copy resumes from there. A row whose key is
 * already in the target is left as it is, so running the copy again adds only what is new.
 * Both databases must be migrated to the same version.
 */
export async function copyAllTables(from: Database, to: Database, options: CopyOptions): Promise<void> {
  const source = from.db as unknown as AnyTables;
  const target = to.db as unknown as AnyTables;
  const listener = options.listener ?? {};
  const progress = await readProgress(target, options.source, listener);
  for (const table of TABLES) {
    const batchSize = Math.min(options.batchSize ?? COPY_BATCH_SIZE, table.batchSize ?? COPY_BATCH_SIZE);
    const total = await countTable(source, table.name);
    const state: ProgressRow = progress.get(table.name) ?? { table_name: table.name, source: options.source, after_key: null, rows_copied: 0, finished: 0 };
    if (!state.finished) {
      listener.progress?.(table.name, state.rows_copied, total);
      for (;;) {
        let query = source.selectFrom(table.name).selectAll();
        if (state.after_key !== null) query = query.where(afterKey(table.key, JSON.parse(state.after_key) as unknown[]));
        for (const column of table.key) query = query.orderBy(column);
        const rows = await query.limit(batchSize).execute();
        const last = rows.at(-1);
        const finished = rows.length < batchSize;
        if (last) {
          state.after_key = JSON.stringify(table.key.map((column) => last[column]));
          state.rows_copied += rows.length;
        }
        state.finished = finished ? 1 : 0;
        await to.db.transaction().execute(async (tx) => {
          const t = tx as unknown as AnyTables;
          if (rows.length > 0) {
            await t
              .insertInto(table.name)
              .values(rows)
              .onConflict((oc) => oc.columns(table.key as string[]).doNothing())
              .execute();
          }
          if (finished && table.identity) await to.dialect.resetIdentity(tx, table.name, 'id');
          await saveProgress(t, state);
        });
        if (finished) break;
        listener.progress?.(table.name, state.rows_copied, total);
      }
    }
    listener.tableDone?.(table.name, state.rows_copied, Math.max(total, state.rows_copied));
  }
  await to.db.transaction().execute(async (tx) => {
    // Related-post rankings are derived, not copied; any the target kept predate the posts copied in.
    await tx.deleteFrom('related_rankings').execute();
    await tx.schema.dropTable(PROGRESS_TABLE).execute();
  });
}
