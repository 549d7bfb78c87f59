import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { likePattern } from './like-pattern.ts';

export interface RestAuthorsQuery {
  now: Date;
  limit: number;
  offset: number;
  search?: string;
  slugs?: readonly string[];
  include?: readonly number[];
  exclude?: readonly number[];
  orderBy: 'name' | 'id' | 'slug';
  order: 'asc' | 'desc';
}

/** A byline as the public sees it: no account, no address. */
export interface RestAuthor {
  id: number;
  slug: string;
  displayName: string;
}

/** Authors with at least one live post: WordPress lists only those to anonymous readers. */
function selectAuthors(db: Executor, query: RestAuthorsQuery) {
  let q = db
    .selectFrom('authors')
    .select(['authors.id', 'authors.slug', 'authors.display_name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('posts')
          .select('posts.id')
          .whereRef('posts.author_id', '=', 'authors.id')
          .where('posts.status', '=', 'published')
          .where('posts.published_at', '<=', toDbTime(query.now)),
      ),
    );
  if (query.search) {
    const pattern = likePattern(query.search);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['authors.display_name']), 'like', pattern), eb(eb.fn('lower', ['authors.slug']), 'like', pattern)]));
  }
  if (query.slugs?.length) q = q.where('authors.slug', 'in', query.slugs);
  if (query.include?.length) q = q.where('authors.id', 'in', query.include);
  if (query.exclude?.length) q = q.where('authors.id', 'not in', query.exclude);
  return q;
}

/** One page of the authors readers can see, with how many there are in all. */
export async function listRestAuthors(db: Executor, query: RestAuthorsQuery): Promise<{ authors: RestAuthor[]; total: number }> {
  const counted = await selectAuthors(db, query)
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  if (total === 0 || query.offset >= total) return { authors: [], total };
  const column = query.orderBy === 'name' ? 'authors.display_name' : (`authors.${query.orderBy}` as const);
  const rows = await selectAuthors(db, query).orderBy(column, query.order).orderBy('authors.id', query.order).limit(query.limit).offset(query.offset).execute();
  return { authors: rows.map((row) => ({ id: row.id, slug: row.slug, displayName: row.display_name })), total };
}
