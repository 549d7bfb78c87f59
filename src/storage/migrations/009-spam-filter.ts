import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/** The spam filter's word counts, learnt from moderators' decisions; the row " documents" holds the totals. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('spam_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('spam', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ham', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
