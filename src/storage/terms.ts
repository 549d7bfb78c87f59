import type { Term, TermKind } from '../domain/terms.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

const TERM_COLUMNS = ['terms.id', 'terms.kind', 'terms.slug', 'terms.name'] as const;

export async function findTerm(db: Executor, kind: TermKind, slug: string): Promise<Term | undefined> {
  return db.selectFrom('terms').select(TERM_COLUMNS).where('kind', '=', kind).where('slug', '=', slug).executeTakeFirst();
}

/** Returns the category or tag with this slug, creating it the first time. */
export async function ensureTerm(db: Executor, term: Omit<Term, 'id'>, now: Date): Promise<Term> {
  await db
    .insertInto('terms')
    .values({ kind: term.kind, slug: term.slug, name: term.name, created_at: toDbTime(now) })
    .onConflict((oc) => oc.columns(['kind', 'slug']).doNothing())
    .execute();
  return db.selectFrom('terms').select(TERM_COLUMNS).where('kind', '=', term.kind).where('slug', '=', term.slug).executeTakeFirstOrThrow();
}

/** Replaces a post's categories and tags with these, in this order. Call inside a transaction. */
export async function replacePostTerms(db: Executor, postId: number, termIds: readonly number[]): Promise<void> {
  await db.deleteFrom('post_terms').where('post_id', '=', postId).execute();
  if (termIds.length === 0) return;
  await db
    .insertInto('post_terms')
    .values(termIds.map((termId, position) => ({ post_id: postId, term_id: termId, position })))
    .execute();
}

/** The categories and tags of many posts in one query: categories first, then tags, each in the editor's order. */
export async function listTermsOfPosts(db: Executor, postIds: readonly number[]): Promise<Map<number, Term[]>> {
  const byPost = new Map<number, Term[]>(postIds.map((id) => [id, []]));
  if (postIds.length === 0) return byPost;
  const rows = await db
    .selectFrom('post_terms')
    .innerJoin('terms', 'terms.id', 'post_terms.term_id')
    .select([...TERM_COLUMNS, 'post_terms.post_id'])
    .where('post_terms.post_id', 'in', postIds)
    .orderBy('post_terms.post_id')
    .orderBy('terms.kind')
    .orderBy('post_terms.position')
    .execute();
  for (const { post_id, ...term } of rows) byPost.get(post_id)?.push(term);
  return byPost;
}

/** Categories and tags that have published posts, each with its newest post's date: for the archives sitemap. */
export async function listTermsWithPosts(db: Executor, limit: number, now: Date): Promise<Array<{ kind: TermKind; slug: string; lastPublishedAt: Date }>> {
  const rows = await db
    .selectFrom('terms')
    .innerJoin('post_terms', 'post_terms.term_id', 'terms.id')
    .innerJoin('posts', 'posts.id', 'post_terms.post_id')
    .select(['terms.kind', 'terms.slug', (eb) => eb.fn.max('posts.published_at').as('last_published_at')])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .where('posts.published_at', '<=', toDbTime(now))
    .groupBy(['terms.id', 'terms.kind', 'terms.slug'])
    .orderBy('terms.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ kind: r.kind, slug: r.slug, lastPublishedAt: fromDbTime(r.last_published_at ?? '') }));
}

/** Categories or tags by id, in no particular order; ids that name none are left out. */
export async function listTermsByIds(db: Executor, kind: TermKind, ids: readonly number[]): Promise<Term[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('terms').select(TERM_COLUMNS).where('kind', '=', kind).where('id', 'in', ids).execute();
}
