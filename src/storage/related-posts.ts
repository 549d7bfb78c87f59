import type { PostSummary } from '../domain/posts.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { liveAmong, newerFirst, summariesInOrder } from './posts.ts';
import { findNextGoingLive } from './post-scheduling.ts';

/**
 * Published posts that share the most categories, tags and sources with this one (each shared
 * item counts one), newest first among equals. Posts that share nothing are left out.
 *
 * The ranking is kept in related_rankings and used again while it still holds: the lists of
 * posts have not changed since (post_lists_version, moved by every change to them in the same
 * transaction, storage/changes.ts), and no scheduled post has gone live since (its time is kept
 * as valid_until, so this does not wait for the scheduler to announce it). Approved comments,
 * which render the article again, leave it alone.
 */
export async function listRelatedPosts(db: Executor, postId: number, limit: number, now: Date): Promise<PostSummary[]> {
  if (limit <= 0) return [];
  const stored = await findStoredRanking(db, postId);
  const at = toDbTime(now);
  if (
    stored?.related_ids != null &&
    stored.lists_version === stored.version &&
    stored.ranked_limit === limit &&
    stored.computed_at! <= at &&
    (stored.valid_until === null || at < stored.valid_until)
  ) {
    return summariesInOrder(db, stored.related_ids === '' ? [] : stored.related_ids.split(',').map(Number), now);
  }
  const top = (await bestFewCandidates(db, postId, limit, now)) ?? (await rankEveryCandidate(db, postId, limit, now));
  if (stored) await storeRanking(db, { postId, listsVersion: stored.version, limit, now, ids: top });
  return summariesInOrder(db, top, now);
}

/** The lists' version now, and this post's stored ranking if it has one. */
function findStoredRanking(db: Executor, postId: number) {
  return db
    .selectFrom('post_lists_version as v')
    .leftJoin('related_rankings as r', (join) => join.on('r.post_id', '=', postId))
    .select(['v.version', 'r.lists_version', 'r.ranked_limit', 'r.computed_at', 'r.valid_until', 'r.related_ids'])
    .where('v.id', '=', 1)
    .executeTakeFirst();
}

/**
 * Keeps a ranking made at `listsVersion` (read before ranking: if the lists changed meanwhile,
 * the ranking is already out of date and is made again next time).
 *
 * This is the write readers' GET requests make, on purpose (the only other, the secret that signs
 * reply forms, is made once in a site's life): ranking an article's related
 * posts is a quarter of an uncached article's time on a 10,000-post site (11 ms on 100,000), and
 * a kept ranking spares every later reader until the lists of posts change. It is safe because
 * it is an optimisation only: one statement outside any transaction, its failure caught here
 * (the post was deleted meanwhile, another process held the write lock past the busy timeout,
 * a full disk), so the reader still gets the ranking and the next reader makes it again.
 * test/reads-that-write.test.ts makes the database refuse it and reads the article.
 */
async function storeRanking(db: Executor, ranking: { postId: number; listsVersion: number; limit: number; now: Date; ids: readonly number[] }): Promise<void> {
  try {
    const at = toDbTime(ranking.now);
    // The next scheduled post to go live may rank here; the ranking holds until then.
    const next = await findNextGoingLive(db, ranking.now);
    const row = {
      lists_version: ranking.listsVersion,
      ranked_limit: ranking.limit,
      computed_at: at,
      valid_until: next ? toDbTime(next) : null,
      related_ids: ranking.ids.join(','),
    };
    await db
      .insertInto('related_rankings')
      .values({ post_id: ranking.postId, ...row })
      .onConflict((oc) => oc.column('post_id').doUpdateSet(row))
      .execute();
  } catch {
    // See above: the ranking is made again next time.
  }
}

/** Each post's score against `postId`: how many of its categories, tags and sources it shares. */
function scoresAgainst(db: Executor, postId: number) {
  const shared = db
    .selectFrom('post_terms as mine')
    .innerJoin('post_terms as theirs', 'theirs.term_id', 'mine.term_id')
    .select('theirs.post_id as post_id')
    .where('mine.post_id', '=', postId)
    .unionAll(
      db
        .selectFrom('post_sources as mine')
        .innerJoin('post_sources as theirs', 'theirs.source_id', 'mine.source_id')
        .select('theirs.post_id as post_id')
        .where('mine.post_id', '=', postId),
    );
  return db
    .selectFrom(shared.as('shared'))
    .select(['shared.post_id', (eb) => eb.fn.countAll<number>().as('score')])
    .where('shared.post_id', '<>', postId)
    .groupBy('shared.post_id');
}

/** At most this many candidates are checked one by one; past it, every candidate is ranked in one join. */
const FEW_CANDIDATES = 200;

/**
 * The usual case, cheaply: the candidates that share at least as much as the limit-th best
 * (read from the link tables' indexes, scores counted once), checked for being live one by one.
 * Undefined when that is more than FEW_CANDIDATES posts (a post whose only link is a busy
 * category: every candidate scores the same) or when too few of them are live.
 */
async function bestFewCandidates(db: Executor, postId: number, limit: number, now: Date): Promise<number[] | undefined> {
  const best = await db
    .with(
      (cte) => cte('scores').materialized(),
      () => scoresAgainst(db, postId),
    )
    .selectFrom('scores')
    .select(['scores.post_id', 'scores.score'])
    .where((eb) =>
      eb(
        'scores.score',
        '>=',
        eb.fn.coalesce(
          eb
            .selectFrom('scores')
            .select('scores.score')
            .orderBy('scores.score', 'desc')
            .limit(1)
            .offset(limit - 1),
          eb.lit(0),
        ),
      ),
    )
    .limit(FEW_CANDIDATES + 1)
    .execute();
  if (best.length > FEW_CANDIDATES) return undefined;
  if (best.length === 0) return [];
  const live = await liveAmong(
    db,
    best.map((c) => c.post_id),
    now,
  );
  // Every candidate that could be shown was read: fewer live than the limit (and more candidates
  // below the cut) means the ranking must reach further down.
  if (live.length < limit && best.length >= limit) return undefined;
  const scoreOf = new Map(best.map((c) => [c.post_id, Number(c.score)]));
  return live
    .sort((a, b) => (scoreOf.get(b.id) ?? 0) - (scoreOf.get(a.id) ?? 0) || newerFirst(a.published_at ?? '', b.published_at ?? '') || b.id - a.id)
    .slice(0, limit)
    .map((row) => row.id);
}

/** Every candidate ranked in one join, reading only columns of the (status, published_at) index. */
async function rankEveryCandidate(db: Executor, postId: number, limit: number, now: Date): Promise<number[]> {
  const ranked = scoresAgainst(db, postId).as('ranked');
  const top = await db
    .selectFrom('posts')
    .innerJoin(ranked, 'ranked.post_id', 'posts.id')
    .select('posts.id')
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .where('posts.published_at', '<=', toDbTime(now))
    .orderBy('ranked.score', 'desc')
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit)
    .execute();
  return top.map((r) => r.id);
}
