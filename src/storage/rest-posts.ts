import type { PostSummary } from '../domain/posts.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';
import { fromDbBool, fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { likePattern } from './like-pattern.ts';
import { selectSummaries, withRelations } from './posts.ts';

/** What the REST API (/wp-json/wp/v2/posts) may filter and sort published posts by, as WordPress names them. */
export interface RestPostsQuery {
  /** Posts dated after this are scheduled, not yet shown. */
  now: Date;
  limit: number;
  offset: number;
  /** Words in the headline or the text, matched as a substring, as WordPress's `search` does. */
  search?: string;
  slugs?: readonly string[];
  /** Posts in any of these categories (and, with tags, with any of these tags). */
  categories?: readonly number[];
  tags?: readonly number[];
  authors?: readonly number[];
  include?: readonly number[];
  exclude?: readonly number[];
  /** Published strictly after / before these instants. */
  after?: Date;
  before?: Date;
  orderBy: 'date' | 'id' | 'title';
  order: 'asc' | 'desc';
  /** Only pinned posts (true) or only the others (false): WordPress's `sticky`. */
  sticky?: boolean;
}

/** A published post with what the REST API shows of it beyond a summary. */
export interface RestPost extends PostSummary {
  bodyHtml: SafeHtml;
  updatedAt: Date;
  commentsOpen: boolean;
  /** Pinned to the top of the home page: WordPress's `sticky`. */
  pinned: boolean;
}

function selectMatching(db: Executor, query: RestPostsQuery) {
  let q = selectSummaries(db, query.now);
  if (query.search) {
    const pattern = likePattern(query.search);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['posts.title']), 'like', pattern), eb(eb.fn('lower', ['posts.body_text']), 'like', pattern)]));
  }
  if (query.slugs?.length) q = q.where('posts.slug', 'in', query.slugs);
  if (query.authors?.length) q = q.where('posts.author_id', 'in', query.authors);
  if (query.include?.length) q = q.where('posts.id', 'in', query.include);
  if (query.exclude?.length) q = q.where('posts.id', 'not in', query.exclude);
  if (query.after) q = q.where('posts.published_at', '>', toDbTime(query.after));
  if (query.before) q = q.where('posts.published_at', '<', toDbTime(query.before));
  if (query.sticky !== undefined) q = q.where('posts.pinned_at', query.sticky ? 'is not' : 'is', null);
  for (const [kind, ids] of [
    ['category', query.categories],
    ['tag', query.tags],
  ] as const) {
    if (!ids?.length) continue;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_terms')
          .innerJoin('terms', 'terms.id', 'post_terms.term_id')
          .select('post_terms.post_id')
          .whereRef('post_terms.post_id', '=', 'posts.id')
          .where('terms.kind', '=', kind)
          .where('post_terms.term_id', 'in', ids),
      ),
    );
  }
  return q;
}

/** One page of published posts matching the query, with how many match in all: a count and a page, then one query each for sources and terms. */
export async function listRestPosts(db: Executor, query: RestPostsQuery): Promise<{ posts: RestPost[]; total: number }> {
  const counted = await selectMatching(db, query)
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  // PostgreSQL returns a count as a bigint string.
  const total = Number(counted.count);
  if (total === 0 || query.offset >= total) return { posts: [], total };
  const column = query.orderBy === 'date' ? 'posts.published_at' : query.orderBy === 'id' ? 'posts.id' : 'posts.title';
  const rows = await selectMatching(db, query)
    .select(['posts.body_html', 'posts.updated_at', 'posts.comments_open', 'posts.pinned_at'])
    .orderBy(column, query.order)
    // Ties break by id so that pages never overlap.
    .orderBy('posts.id', query.order)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const summaries = await withRelations(db, rows);
  const posts = summaries.map((summary, i) => ({
    ...summary,
    bodyHtml: trustSanitizedHtml(rows[i]!.body_html),
    updatedAt: fromDbTime(rows[i]!.updated_at),
    commentsOpen: fromDbBool(rows[i]!.comments_open),
    pinned: rows[i]!.pinned_at !== null,
  }));
  return { posts, total };
}
