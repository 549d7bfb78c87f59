import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/** The language each user reads the admin in: a catalogue's code, or null for the site's language. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('language', 'text').execute();
}
