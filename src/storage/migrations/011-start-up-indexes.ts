import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Every serving process runs two checks at start (and then on a timer): which published posts
 * have not gone live yet, and which comments still keep an address past the retention period.
 * Both look for a few rows among all of them, and on SQLite both walked every post or every old
 * comment (0.3 s and 0.9 s with 100,000 posts and a million comments), blocking the first pages.
 * Partial indexes hold only the rows still waiting, so they stay small and the checks take
 * under a millisecond; both databases support them. SQLite had preferred the status index over
 * posts_waiting_to_go_live, which this one replaces. storage/posts.ts and storage/privacy.ts
 * write the same conditions, which must match for the indexes to be used.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`create index posts_not_live_yet on posts (status, published_at) where went_live_at is null`.execute(db);
  await sql`drop index posts_waiting_to_go_live`.execute(db);
  await sql`create index comments_with_address on comments (created_at)
    where author_ip is not null or user_agent is not null or author_network is not null`.execute(db);
}
