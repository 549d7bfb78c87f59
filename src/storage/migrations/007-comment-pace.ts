import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * What flood control, the hourly limits and duplicate detection read: each comment's network
 * (/24 or /48, cleared with its address), and indexes for "the newest comment from this address,
 * network or email" and "this text on this post".
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('comments').addColumn('author_network', 'text').execute();
  await db.schema.createIndex('comments_ip_created').on('comments').columns(['author_ip', 'created_at']).execute();
  await db.schema.createIndex('comments_network_created').on('comments').columns(['author_network', 'created_at']).execute();
  await db.schema.createIndex('comments_email_created').on('comments').columns(['author_email', 'created_at']).execute();
}
