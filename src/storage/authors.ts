import type { Author } from '../domain/posts.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
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

export async function findAuthorById(db: Executor, id: number): Promise<Author | undefined> {
  const row = await db.selectFrom('authors').select(['id', 'slug', 'display_name']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, slug: row.slug, displayName: row.display_name };
}

/** Authors with published posts, each with their newest post's date: for the archives sitemap. */
export async function listAuthorsWithPosts(db: Executor, limit: number, now: Date): Promise<Array<{ slug: string; lastPublishedAt: Date }>> {
  const rows = await db
    .selectFrom('authors')
    .innerJoin('posts', 'posts.author_id', 'authors.id')
    .select(['authors.slug', (eb) => eb.fn.max('posts.published_at').as('last_published_at')])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .where('posts.published_at', '<=', toDbTime(now))
    .groupBy(['authors.id', 'authors.slug'])
    .orderBy('authors.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ slug: r.slug, lastPublishedAt: fromDbTime(r.last_published_at ?? '') }));
}
