import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * A reply sent twice (a double click, a browser retrying after a lost answer) must store one
 * comment. Each comment keeps a digest of the submission that made it: the reply form's signed
 * time stamp with every field the reader sent (services/comments.ts). Unique per post, so two
 * identical submissions racing each other store one row; null (comments from before, replies
 * from the queue, forms without a valid time stamp) is never a repeat, and the partial index
 * leaves those rows out. storage/comments.ts names the same condition in its ON CONFLICT.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('comments').addColumn('submission_key', 'text').execute();
  await sql`create unique index comments_submission_key on comments (post_id, submission_key) where submission_key is not null`.execute(db);
}
