import type { Source } from '../domain/sources.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export interface RestSourcesQuery {
  now: Date;
  limit: number;
  offset: number;
  slugs?: readonly string[];
  include?: readonly number[];
}

/** An outlet with how many live posts draw on it. */
export interface RestSource extends Source {
  count: number;
}

/** Outlets that live posts draw on, each with its count: one grouped query. Outlets only drafts name stay unknown. */
function selectSources(db: Executor, query: RestSourcesQuery) {
  let q = db
    .selectFrom('sources')
    .innerJoin('post_sources', 'post_sources.source_id', 'sources.id')
    .innerJoin('posts', 'posts.id', 'post_sources.post_id')
    .select([
      'sources.id',
      'sources.slug',
      'sources.name',
      'sources.full_name',
      'sources.homepage_url',
      (eb) => eb.fn.count<number | string>('posts.id').as('count'),
    ])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', '<=', toDbTime(query.now))
    .groupBy(['sources.id', 'sources.slug', 'sources.name', 'sources.full_name', 'sources.homepage_url']);
  if (query.slugs?.length) q = q.where('sources.slug', 'in', query.slugs);
  if (query.include?.length) q = q.where('sources.id', 'in', query.include);
  return q;
}

/** One page of outlets by name, with how many there are in all. */
export async function listRestSources(db: Executor, query: RestSourcesQuery): Promise<{ sources: RestSource[]; total: number }> {
  const counted = await db
    .selectFrom(selectSources(db, query).as('matching'))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  if (total === 0 || query.offset >= total) return { sources: [], total };
  const rows = await selectSources(db, query).orderBy('sources.name').orderBy('sources.id').limit(query.limit).offset(query.offset).execute();
  return {
    sources: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      fullName: row.full_name,
      homepageUrl: row.homepage_url,
      // PostgreSQL returns a count as a bigint string.
      count: Number(row.count),
    })),
    total,
  };
}
