import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Related posts are ranked by how many categories, tags and sources a post shares with others
 * (storage/related-posts.ts, listRelatedPosts). Indexes on (term_id, post_id) and (source_id, post_id)
 * answer "which posts share this term or source" from the index alone; the single-column
 * indexes they replace sent every match back to the table for its post id (about 2,500 reads
 * for one article on a 10,000-post site).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`create index post_terms_by_term on post_terms (term_id, post_id)`.execute(db);
  await sql`drop index post_terms_term_id`.execute(db);
  await sql`create index post_sources_by_source on post_sources (source_id, post_id)`.execute(db);
  await sql`drop index post_sources_source_id`.execute(db);
}
