import { NotFoundError } from '../domain/errors.ts';
import type { PostSummary } from '../domain/posts.ts';
import type { SearchHit, SearchQuery } from '../domain/search.ts';
import { LATEST_POSTS_COUNT } from '../domain/settings.ts';
import type { Database } from '../storage/db.ts';
import { listPublishedPosts } from '../storage/posts.ts';
import { searchPublishedPage } from '../storage/search.ts';

export interface SearchResultsPage {
  query: SearchQuery;
  hits: SearchHit[];
  /** Published posts that match, over every page. */
  total: number;
  page: number;
  hasNext: boolean;
  /** When nothing matched (or nothing searchable was typed): the newest posts, to read instead. */
  latest: PostSummary[];
}

/**
 * One page of search results. A search with no words, or one that matches nothing, answers
 * with the latest posts instead; a page past the last is not found.
 */
export function searchPosts(database: Database, query: SearchQuery, page: number, perPage: number, now: Date): Promise<SearchResultsPage> {
  // One connection for the page's reads, as the other public pages do (services/posts.ts).
  return database.db.connection().execute(async (conn) => {
    const latestInstead = async (total: number): Promise<SearchResultsPage> => {
      if (page > 1) throw new NotFoundError('Page');
      const latest = await listPublishedPosts(conn, { now, limit: LATEST_POSTS_COUNT });
      return { query, hits: [], total, page, hasNext: false, latest };
    };
    if (query.terms.length === 0) return latestInstead(0);
    const offset = (page - 1) * perPage;
    const { total, hits } = await searchPublishedPage(conn, database.dialect.search, { now, terms: query.terms, limit: perPage, offset });
    if (total === 0) return latestInstead(0);
    if (offset >= total) throw new NotFoundError('Page');
    return { query, hits, total, page, hasNext: offset + hits.length < total, latest: [] };
  });
}
