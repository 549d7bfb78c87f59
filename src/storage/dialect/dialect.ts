import type { AliasedRawBuilder, ColumnDefinitionBuilder, Kysely, Dialect as KyselyDialect, RawBuilder, SelectQueryBuilder } from 'kysely';
import type { SearchTerm } from '../../domain/search.ts';
import type { Schema } from '../schema.ts';

/**
 * Everything that differs between the databases Wirepress runs on. Repositories and
 * migrations ask this object instead of branching on the database themselves.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The Kysely driver for this database. */
  readonly kysely: KyselyDialect;
  /** The column type for bytes (an image): BLOB on SQLite, bytea on PostgreSQL. */
  readonly binaryType: 'blob' | 'bytea';
  /** An integer primary key the database numbers itself. */
  autoIncrementId(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Whether an error means the database is out of reach for now (answer 503 and retry), not a bug. */
  isUnavailable(error: unknown): boolean;
  /** After rows were inserted with explicit ids, makes the next generated id follow the largest. */
  resetIdentity(db: Kysely<Schema>, table: string, column: string): Promise<void>;
  /**
   * After a bulk load (the data generator, a copy between databases): brings the planner's
   * statistics up to date, so the first queries are planned for the rows now there and not for
   * an empty site.
   */
  refreshStatistics(db: Kysely<Schema>): Promise<void>;
  /** In a migration: makes every insert into `table` heard by openChangeSignal() in every process. */
  announceInserts(db: Kysely<unknown>, table: string): Promise<void>;
  /** Starts listening for changes made by any process or node; see ChangeSignal. */
  openChangeSignal(): Promise<ChangeSignal>;
  /** Full-text search of posts with the database's own engine. */
  readonly search: SearchEngine;
  /**
   * A select of rows to claim, locked so that other claimers pass over them instead of waiting:
   * FOR UPDATE SKIP LOCKED on PostgreSQL; unchanged on SQLite, where one writer at a time holds
   * the whole database.
   */
  /**
   * The database's own clock, `offsetMs` from now, written as stored times are (ISO-8601 UTC text
   * with milliseconds, storage/codecs.ts), so it compares with them. Claims of outbox rows are
   * judged by it: every process and node then reads one clock, whatever its own says.
   */
  clockTime(offsetMs: number): RawBuilder<string>;
  // biome-ignore lint/suspicious/noExplicitAny: any select of the schema; the query's own types are kept
  skipLockedRows<QB extends SelectQueryBuilder<Schema, any, any>>(query: QB): QB;
}

/** A post that matches a search, and how well (higher is better). */
export interface SearchMatch {
  post_id: number;
  score: number;
}

/** A published page that matches a search, and how well (higher is better). */
export interface PageSearchMatch {
  page_id: number;
  score: number;
}

/**
 * The search index of posts: titles, excerpts, plain-text bodies and the names of their sources.
 * It holds every post whatever its status (readers' queries join posts to keep to published
 * ones), and database triggers keep it in step with every write to posts, post_sources and
 * sources, whichever code makes it.
 */
export interface SearchEngine {
  /** In a migration: creates the index and its triggers, and indexes the posts already there. */
  createIndex(db: Kysely<unknown>): Promise<void>;
  /** Indexes every post again from scratch, for a repair or after a load that bypassed triggers. */
  rebuildIndex<DB>(db: Kysely<DB>): Promise<void>;
  /** In a migration: drops the index, its triggers and whatever they use, and creates them as createIndex() does now. */
  recreateIndex(db: Kysely<unknown>): Promise<void>;
  /**
   * Indexes again, in the site's language as it is now, the first `limit` posts whose id is above
   * `afterId`; returns the last id done, or undefined when none was left. For a change of
   * language: each batch is its own short transaction, so readers and writers never wait long.
   */
  reindexBatch(db: Kysely<Schema>, afterId: number, limit: number): Promise<number | undefined>;
  /**
   * Every indexed post that matches all the terms, as a table to join posts on. Terms must not be
   * empty; `language` is the site's (domain/search-language.ts), which the index follows.
   * `unranked` leaves every score at 0, for a count: ranking reads each match's text.
   */
  matches(terms: readonly SearchTerm[], language: string, unranked?: 'unranked'): AliasedRawBuilder<SearchMatch, 'matches'>;
  /**
   * In a migration: creates the index of published pages (titles and plain text, in the site's
   * language) and its triggers on pages, and indexes the pages already there. Drafts are never
   * in it, so a reader's search needs no check of a page's status.
   */
  createPageIndex(db: Kysely<unknown>): Promise<void>;
  /** Indexes every published page again from scratch, for a repair or after a load that bypassed triggers. */
  rebuildPageIndex<DB>(db: Kysely<DB>): Promise<void>;
  /** As reindexBatch(), for pages: the first `limit` pages whose id is above `afterId`. */
  reindexPagesBatch(db: Kysely<Schema>, afterId: number, limit: number): Promise<number | undefined>;
  /** Every published page that matches all the terms, with its score, as a table to join pages on. */
  pageMatches(terms: readonly SearchTerm[], language: string): AliasedRawBuilder<PageSearchMatch, 'page_matches'>;
  /** Runs a search's reads (its count, its page of results) as this engine answers them fastest. */
  readSearch<T>(db: Kysely<Schema>, read: (db: Kysely<Schema>) => Promise<T>): Promise<T>;
}

/** The append-only log of content changes (storage/changes.ts) that change signals watch. */
/**
 * Longest a reader's search may run: a search for a common word on 10,000 posts takes about
 * 50 ms, and one that runs long holds what other readers wait for (a pooled connection on
 * PostgreSQL, SQLite's search thread). Past it the search is stopped and answered as such.
 */
export const SEARCH_TIME_LIMIT_MS = 2_000;

export const CHANGE_LOG_TABLE = 'content_changes';

/** Name of the PostgreSQL notification channel that content changes are announced on. */
export const CHANGE_CHANNEL = 'wirepress_changes';

/**
 * A cheap, synchronous hint that the database may have changed, from this process or any
 * other: read it before each cache lookup, and when it moves, read the change log.
 */
export interface ChangeSignal {
  /** Moves (to any other number) whenever the database may have changed since it was last read. */
  version(): number;
  /** False while changes cannot be heard (a lost connection): nothing may be served from a cache then. */
  reliable(): boolean;
  close(): Promise<void>;
}
