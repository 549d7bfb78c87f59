import type { PostSource, Source, SourceRole } from '../domain/sources.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

const SOURCE_COLUMNS = ['sources.id', 'sources.slug', 'sources.name', 'sources.full_name', 'sources.homepage_url'] as const;

interface SourceRow {
  id: number;
  slug: string;
  name: string;
  full_name: string | null;
  homepage_url: string | null;
}

function toSource(row: SourceRow): Source {
  return { id: row.id, slug: row.slug, name: row.name, fullName: row.full_name, homepageUrl: row.homepage_url };
}

export async function findSourceBySlug(db: Executor, slug: string): Promise<Source | undefined> {
  const row = await db.selectFrom('sources').select(SOURCE_COLUMNS).where('slug', '=', slug).executeTakeFirst();
  return row && toSource(row);
}

/** Returns the outlet with this slug, creating it the first time; outlets are shared across posts. */
export async function ensureSource(db: Executor, source: Omit<Source, 'id'>, now: Date): Promise<Source> {
  await db
    .insertInto('sources')
    .values({
      slug: source.slug,
      name: source.name,
      full_name: source.fullName,
      homepage_url: source.homepageUrl,
      created_at: toDbTime(now),
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await db.selectFrom('sources').select(SOURCE_COLUMNS).where('slug', '=', source.slug).executeTakeFirstOrThrow();
  return toSource(row);
}

export interface PostSourceInput {
  sourceId: number;
  role: SourceRole;
  url: string | null;
  language: string | null;
}

/** Replaces a post's sources with these, in this order. Call inside a transaction. */
export async function replacePostSources(db: Executor, postId: number, sources: readonly PostSourceInput[]): Promise<void> {
  await db.deleteFrom('post_sources').where('post_id', '=', postId).execute();
  if (sources.length === 0) return;
  await db
    .insertInto('post_sources')
    .values(
      sources.map((s, position) => ({
        post_id: postId,
        source_id: s.sourceId,
        role: s.role,
        url: s.url,
        language: s.language,
        position,
      })),
    )
    .execute();
}

/** The sources of many posts in one query, keyed by post id, each list in the editor's order. */
export async function listSourcesOfPosts(db: Executor, postIds: readonly number[]): Promise<Map<number, PostSource[]>> {
  const byPost = new Map<number, PostSource[]>(postIds.map((id) => [id, []]));
  if (postIds.length === 0) return byPost;
  const rows = await db
    .selectFrom('post_sources')
    .innerJoin('sources', 'sources.id', 'post_sources.source_id')
    .select([...SOURCE_COLUMNS, 'post_sources.post_id', 'post_sources.role', 'post_sources.url', 'post_sources.language'])
    .where('post_sources.post_id', 'in', postIds)
    .orderBy('post_sources.post_id')
    .orderBy('post_sources.position')
    .execute();
  for (const row of rows) {
    byPost.get(row.post_id)?.push({ source: toSource(row), role: row.role, url: row.url, language: row.language });
  }
  return byPost;
}

/** Outlets that published posts draw on, each with the newest such post's date: for the archives sitemap. */
export async function listSourcesWithPosts(db: Executor, limit: number, now: Date): Promise<Array<{ slug: string; lastPublishedAt: Date }>> {
  const rows = await db
    .selectFrom('sources')
    .innerJoin('post_sources', 'post_sources.source_id', 'sources.id')
    .innerJoin('posts', 'posts.id', 'post_sources.post_id')
    .select(['sources.slug', (eb) => eb.fn.max('posts.published_at').as('last_published_at')])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .where('posts.published_at', '<=', toDbTime(now))
    .groupBy(['sources.id', 'sources.slug'])
    .orderBy('sources.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ slug: r.slug, lastPublishedAt: fromDbTime(r.last_published_at ?? '') }));
}

/** Outlet names for the editor's suggestions, alphabetical. */
export async function listSourceNames(db: Executor, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('sources').select('name').orderBy('name').limit(limit).execute();
  return rows.map((r) => r.name);
}

/** Outlets by name with their slugs, for a list to choose one from. */
export async function listSourceChoices(db: Executor, limit: number): Promise<Array<{ slug: string; name: string }>> {
  return db.selectFrom('sources').select(['slug', 'name']).orderBy('name').limit(limit).execute();
}
