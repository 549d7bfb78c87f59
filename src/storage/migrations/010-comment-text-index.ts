import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * The duplicate check ("this text on this post") and the repeat signal ("this text on other
 * posts lately") look comments up by their text. Indexing whole texts would be large (and
 * PostgreSQL refuses index entries over about 2.7 KB), so the index holds the first 100
 * characters; the queries compare the same prefix, then the whole text. Without it each
 * submission read every comment on the post, which grew with the post's thread (and with a flood).
 * storage/comments.ts writes the same expression, which must match for the index to be used.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`create index comments_text_prefix on comments (substr(body, 1, 100), post_id)`.execute(db);
}
