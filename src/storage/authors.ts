import type { Author } from '../domain/posts.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export async function insertAuthor(db: Executor, author: { slug: string; displayName: string }, now: Date): Promise<Author> {
  const row = await db
    .insertInto('authors')
    .values({ slug: author.slug, display_name: author.displayName, created_at: toDbTime(now) })
    .returning(['id', 'slug', 'display_name'])
    .executeTakeFirstOrThrow();
  return { id: row.id, slug: row.slug, displayName: row.display_name };
}

export async function findAuthorBySlug(db: Executor, slug: string): Promise<Author | undefined> {
  const row = await db.selectFrom('authors').select(['id', 'slug', 'display_name']).where('slug', '=', slug).executeTakeFirst();
  return row && { id: row.id, slug: row.slug, displayName: row.display_name };
}
