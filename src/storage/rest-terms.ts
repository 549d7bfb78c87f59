import type { TermKind } from '../domain/terms.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { likePattern } from './like-pattern.ts';

export interface RestTermsQuery {
  kind: TermKind;
  /** Posts dated after this are scheduled: they count for nothing yet. */
  now: Date;
  limit: number;
  offset: number;
  search?: string;
  slugs?: readonly string[];
  include?: readonly number[];
  exclude?: readonly number[];
  /** Only the terms of this post, which must be live. */
  postId?: number;
  hideEmpty: boolean;
  orderBy: 'name' | 'id' | 'slug' | 'count';
  order: 'asc' | 'desc';
}

/** A category or tag with how many live posts it has, as WordPress counts them. */
export interface RestTerm {
  id: number;
  kind: TermKind;
  slug: string;
  name: string;
  count: number;
}

/** Terms of a kind, each with its count of live posts: one grouped query. */
function selectTerms(db: Executor, query: RestTermsQuery) {
  const now = toDbTime(query.now);
  let q = db
    .selectFrom('terms')
    .leftJoin('post_terms', 'post_terms.term_id', 'terms.id')
    .leftJoin('posts', (join) => join.onRef('posts.id', '=', 'post_terms.post_id').on('posts.status', '=', 'published').on('posts.published_at', '<=', now))
    .select(['terms.id', 'terms.kind', 'terms.slug', 'terms.name', (eb) => eb.fn.count<number | string>('posts.id').as('count')])
    .where('terms.kind', '=', query.kind)
    .groupBy(['terms.id', 'terms.kind', 'terms.slug', 'terms.name']);
  if (query.search) {
    const pattern = likePattern(query.search);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['terms.name']), 'like', pattern), eb(eb.fn('lower', ['terms.slug']), 'like', pattern)]));
  }
  if (query.slugs?.length) q = q.where('terms.slug', 'in', query.slugs);
  if (query.include?.length) q = q.where('terms.id', 'in', query.include);
  if (query.exclude?.length) q = q.where('terms.id', 'not in', query.exclude);
  if (query.postId !== undefined) {
    const postId = query.postId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_terms as of_post')
          .innerJoin('posts as live', 'live.id', 'of_post.post_id')
          .select('of_post.post_id')
          .whereRef('of_post.term_id', '=', 'terms.id')
          .where('of_post.post_id', '=', postId)
          .where('live.status', '=', 'published')
          .where('live.published_at', '<=', now),
      ),
    );
  }
  if (query.hideEmpty) q = q.having((eb) => eb.fn.count('posts.id'), '>', 0);
  return q;
}

/** One page of categories or tags, with how many match in all. */
export async function listRestTerms(db: Executor, query: RestTermsQuery): Promise<{ terms: RestTerm[]; total: number }> {
  const counted = await db
    .selectFrom(selectTerms(db, query).as('matching'))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  if (total === 0 || query.offset >= total) return { terms: [], total };
  const column = query.orderBy === 'count' ? 'count' : (`terms.${query.orderBy}` as const);
  const rows = await selectTerms(db, query).orderBy(column, query.order).orderBy('terms.id', query.order).limit(query.limit).offset(query.offset).execute();
  // PostgreSQL returns a count as a bigint string.
  return { terms: rows.map((row) => ({ ...row, count: Number(row.count) })), total };
}
