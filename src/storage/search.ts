import { pageHref } from '../domain/pages.ts';
import { splitHighlights, type PageSearchHit, type SearchHit, type SearchTerm } from '../domain/search.ts';
import { searchSnippet, SNIPPET_SOURCE_CHARS } from '../domain/search-snippet.ts';
import { toDbTime } from './codecs.ts';
import type { SearchEngine } from './dialect/dialect.ts';
import type { Executor } from './db.ts';
import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';
import { liveAmong, newerFirst, summariesInOrder } from './posts.ts';

export interface SearchResultsQuery {
  /** Scheduled posts stay out until their time. */
  now: Date;
  terms: readonly SearchTerm[];
  /** The site's language (settings), which the index follows: words are compared by their stems in it. */
  language: string;
  limit: number;
  offset: number;
}

/**
 * The passage to show of each post: the body's around the matches; the excerpt's when only the
 * excerpt matched; else the body's opening (the match was in the title or a source's name).
 * Only the body's first SNIPPET_SOURCE_CHARS characters are read, so no post, however long or
 * repetitive, makes a page of results slow.
 */
export async function snippetsOf(db: Executor, postIds: readonly number[], terms: readonly SearchTerm[], language: string): Promise<Map<number, string>> {
  const snippets = new Map<number, string>();
  if (postIds.length === 0) return snippets;
  const texts = await db
    .selectFrom('posts')
    .select((eb) => ['posts.id', 'posts.excerpt', eb.fn<string>('substr', ['posts.body_text', eb.lit(1), eb.lit(SNIPPET_SOURCE_CHARS + 1)]).as('body')])
    .where('posts.id', 'in', postIds)
    .execute();
  for (const text of texts) {
    const body = searchSnippet(text.body, terms, language);
    const excerpt = body.matched ? undefined : searchSnippet(text.excerpt, terms, language);
    snippets.set(text.id, excerpt?.matched || !body.snippet ? (excerpt?.snippet ?? '') : body.snippet);
  }
  return snippets;
}

/**
 * Published posts that match every term, best first (a match in the headline above one in the
 * body), newest first among equals, with a highlighted passage each. Drafts are indexed too but
 * never returned. Terms must not be empty.
 */
export async function searchPublishedPosts(db: Executor, engine: SearchEngine, query: SearchResultsQuery): Promise<SearchHit[]> {
  const ranked = (await rankFromTheBest(db, engine, query)) ?? (await rankEveryMatch(db, engine, query));
  const posts = await summariesInOrder(db, ranked, query.now);
  const snippets = await snippetsOf(
    db,
    posts.map((p) => p.id),
    query.terms,
    query.language,
  );
  return posts.map((post) => ({ post, snippet: splitHighlights(snippets.get(post.id) ?? '') }));
}

/** Matches read beyond the page asked for, in the first round: room for drafts and scheduled posts among the best, and for ties. */
const RANKING_MARGIN = 20;
/** Past this many matches read, a page is ranked by joining every match to its post instead. */
const MOST_MATCHES_READ = 1_000;

/**
 * The usual case, cheaply: the index ranks its matches alone, and the best few are checked for
 * being live by primary key. Joining every match to its post to check it first read one post
 * per match (2 of 4 ms for "nato" on 10,000 posts, SQLite). Unread matches score at most the
 * lowest score read, so only the matches scoring above it are sure of their place; when fewer
 * of those are live than the page needs (drafts or scheduled posts among the best, or ties at
 * the edge), a round reads four times as many. Undefined past MOST_MATCHES_READ.
 */
async function rankFromTheBest(db: Executor, engine: SearchEngine, query: SearchResultsQuery): Promise<number[] | undefined> {
  const wanted = query.offset + query.limit;
  for (let read = wanted + RANKING_MARGIN; read <= MOST_MATCHES_READ; read *= 4) {
    const best = await db
      .selectFrom(engine.matches(query.terms, query.language))
      .select(['matches.post_id', 'matches.score'])
      .orderBy('matches.score', 'desc')
      .limit(read)
      .execute();
    const everyMatch = best.length < read;
    const lowest = Number(best[best.length - 1]?.score);
    const sure = everyMatch ? best : best.filter((m) => Number(m.score) > lowest);
    const live = await liveAmong(
      db,
      sure.map((m) => m.post_id),
      query.now,
    );
    if (everyMatch || live.length >= wanted) {
      const scoreOf = new Map(sure.map((m) => [m.post_id, Number(m.score)]));
      return live
        .sort((a, b) => scoreOf.get(b.id)! - scoreOf.get(a.id)! || newerFirst(a.published_at ?? '', b.published_at ?? '') || b.id - a.id)
        .slice(query.offset, wanted)
        .map((post) => post.id);
    }
  }
  return undefined;
}

/**
 * A page of live matches ranked in one join of every match with its post, reading only the
 * post's id, status and date (sorting every match with its summary cost 0.3 s for a common word
 * on a site of 10,000 posts).
 */
export async function rankEveryMatch(db: Executor, engine: SearchEngine, query: SearchResultsQuery): Promise<number[]> {
  const ranked = await db
    .selectFrom('posts')
    .innerJoin(engine.matches(query.terms, query.language), 'matches.post_id', 'posts.id')
    .select('posts.id')
    .where('posts.status', '=', 'published')
    .where('posts.published_at', 'is not', null)
    .where('posts.published_at', '<=', toDbTime(query.now))
    .orderBy('matches.score', 'desc')
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return ranked.map((r) => r.id);
}

/**
 * How many published posts match every term: every match the index holds, less those whose
 * post is not live (drafts and scheduled posts, which are indexed too, and few). Joining every
 * match to its post to check it read one post per match: 1.8 ms of 2 for "nato" on 10,000 posts
 * (SQLite), where the index counts its matches in 0.2 ms.
 */
export async function countPublishedMatches(db: Executor, engine: SearchEngine, terms: readonly SearchTerm[], language: string, now: Date): Promise<number> {
  const every = await db
    .selectFrom(engine.matches(terms, language, 'unranked'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const notLive = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll().as('n'))
    // Posts are drafts or published (a CHECK says so), and published ones have a date.
    .where((eb) => eb.or([eb('posts.status', '=', 'draft'), eb.and([eb('posts.status', '=', 'published'), eb('posts.published_at', '>', toDbTime(now))])]))
    .where('posts.id', 'in', (eb) => eb.selectFrom(engine.matches(terms, language, 'unranked')).select('matches.post_id'))
    .executeTakeFirstOrThrow();
  return Number(every.n) - Number(notLive.n);
}

/**
 * The best `limit` published pages that match every term (a match in the title above one in the
 * text), each with a highlighted passage, in one query: the index holds published pages only,
 * and each match's page is read by its id. A site has a few pages, not thousands of posts, so
 * the index's matches are few: a dozen pages cost well under a millisecond. Measured at the far
 * end, 1,000 pages with one word in 900 of them, every match is ranked: 8 ms on SQLite, 70 to
 * 130 ms on PostgreSQL (which reads each match's stored document), on a busy two-core machine.
 */
export async function searchPublishedPages(
  db: Executor,
  engine: SearchEngine,
  terms: readonly SearchTerm[],
  language: string,
  limit: number,
): Promise<PageSearchHit[]> {
  const rows = await db
    .selectFrom(engine.pageMatches(terms, language))
    .innerJoin('pages', 'pages.id', 'page_matches.page_id')
    .select((eb) => ['pages.path', 'pages.title', eb.fn<string>('substr', ['pages.body_text', eb.lit(1), eb.lit(SNIPPET_SOURCE_CHARS + 1)]).as('body')])
    // The index holds published pages only; this keeps it so should a trigger ever lag.
    .where('pages.status', '=', 'published')
    .orderBy('page_matches.score', 'desc')
    .orderBy('pages.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    title: row.title,
    href: pageHref(row.path),
    snippet: splitHighlights(searchSnippet(row.body, terms, language).snippet),
  }));
}

/**
 * How many published posts match every term, and the page of them asked for (none when the
 * page starts past the last match); with `pages`, the best that many published pages that
 * match too. On a connection of its own, not in a transaction: the engine may open one for its
 * reads, which the search of pages shares (and its time limit with it).
 */
export function searchPublishedPage(
  db: Kysely<Schema>,
  engine: SearchEngine,
  query: SearchResultsQuery & { pages?: number },
): Promise<{ total: number; hits: SearchHit[]; pages: PageSearchHit[] }> {
  return engine.readSearch(db, async (db) => {
    const total = await countPublishedMatches(db, engine, query.terms, query.language, query.now);
    const hits = total > query.offset ? await searchPublishedPosts(db, engine, query) : [];
    const pages = query.pages ? await searchPublishedPages(db, engine, query.terms, query.language, query.pages) : [];
    return { total, hits, pages };
  });
}

/** Indexes every post and page again; the triggers keep the indexes in step, so this is for repairs. */
export async function rebuildSearchIndex(db: Kysely<Schema>, engine: SearchEngine): Promise<void> {
  await engine.rebuildIndex(db);
  await engine.rebuildPageIndex(db);
}

/**
 * Posts indexed again per transaction after the site's language changes. Fifty Russian posts of
 * 3 KB took 45 to 180 ms on a busy two-core machine (SQLite and PostgreSQL alike): a writer
 * waits at most that long for a batch (on SQLite every writer, on PostgreSQL only one that
 * saves a post of the batch), and readers never wait, since a batch updates rows in place.
 */
export const REINDEX_BATCH_SIZE = 50;

/**
 * Indexes every post, then every page, again in the site's language as it is now, in batches by
 * id, each its own transaction: the site stays open meanwhile, and a post or page saved during
 * the rebuild is indexed by its trigger in the new language. Returns how many batches ran.
 */
export async function reindexForLanguage(db: Kysely<Schema>, engine: SearchEngine, batchSize = REINDEX_BATCH_SIZE): Promise<number> {
  let batches = 0;
  for (const batch of [engine.reindexBatch, engine.reindexPagesBatch]) {
    for (let after: number | undefined = 0; ; batches++) {
      const from: number = after;
      after = await db.transaction().execute((tx) => batch(tx, from, batchSize));
      if (after === undefined) break;
    }
  }
  return batches;
}
