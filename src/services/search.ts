import { NotFoundError } from '../domain/errors.ts';
import type { PostSummary } from '../domain/posts.ts';
import { PAGES_PER_SEARCH, SearchTimedOutError, type PageSearchHit, type SearchHit, type SearchQuery } from '../domain/search.ts';
import { LATEST_POSTS_COUNT } from '../domain/settings.ts';
import type { Database } from '../storage/db.ts';
import { listPublishedPosts } from '../storage/posts.ts';
import { searchPublishedPage } from '../storage/search.ts';

export interface SearchResultsPage {
  query: SearchQuery;
  hits: SearchHit[];
  /** Published pages that match, best first: a few, on the first page of results only. */
  pages: PageSearchHit[];
  /** Published posts that match, over every page. */
  total: number;
  page: number;
  hasNext: boolean;
  /** When nothing matched (or nothing searchable was typed): the newest posts, to read instead. */
  latest: PostSummary[];
  /** The search was stopped at the database's time limit: nothing is shown as found. */
  timedOut: boolean;
}

/**
 * One page of search results, the first with the few published pages that match above the
 * posts. A search with no words, or one that matches no post, answers with the latest posts
 * instead (and the pages found, if any); a page past the last is not found.
 */
export function searchPosts(
  database: Database,
  query: SearchQuery,
  options: { page: number; perPage: number; language: string; now: Date },
): Promise<SearchResultsPage> {
  const { page, perPage, language, now } = options;
  // One connection for the page's reads, as the other public pages do (services/posts.ts).
  return database.db.connection().execute(async (conn) => {
    const latestInstead = async (timedOut = false, pages: PageSearchHit[] = []): Promise<SearchResultsPage> => {
      if (page > 1 && !timedOut) throw new NotFoundError('Page');
      const latest = await listPublishedPosts(conn, { now, limit: LATEST_POSTS_COUNT });
      return { query, hits: [], pages, total: 0, page, hasNext: false, latest, timedOut };
    };
    if (query.terms.length === 0) return latestInstead();
    const offset = (page - 1) * perPage;
    let found;
    try {
      // Pages on the first page of results only, so the posts' pages and counts stay as they were.
      const pages = page === 1 ? PAGES_PER_SEARCH : 0;
      found = await searchPublishedPage(conn, database.search, { now, terms: query.terms, language, limit: perPage, offset, pages });
    } catch (error) {
      if (error instanceof SearchTimedOutError) return latestInstead(true);
      throw error;
    }
    const { total, hits, pages } = found;
    if (total === 0) return latestInstead(false, pages);
    if (offset >= total) throw new NotFoundError('Page');
    return { query, hits, pages, total, page, hasNext: offset + hits.length < total, latest: [], timedOut: false };
  });
}
