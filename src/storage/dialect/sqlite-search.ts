import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { DEFAULT_LANGUAGE, searchKeysOfText } from '../../domain/search-language.ts';
import type { SearchTerm } from '../../domain/search.ts';
import type { PageSearchMatch, SearchEngine, SearchMatch } from './dialect.ts';

/**
 * The SQL function that reduces a text to its search keys in a language (domain/search-language.ts):
 * FTS5 has no stemmer but Porter's, for English, so the index stores each text stemmed by
 * Snowball's stemmer for the site's language, and queries are stemmed the same way. Every
 * connection that writes posts must have it (createSqliteDialect registers it); the index's
 * triggers call it.
 */
const KEYS_FUNCTION = 'wirepress_search_keys';

export function registerSearchFunctions(database: BetterSqlite3.Database): void {
  database.function(KEYS_FUNCTION, { deterministic: true }, (text: unknown, language: unknown) =>
    searchKeysOfText(typeof text === 'string' ? text : '', typeof language === 'string' ? language : DEFAULT_LANGUAGE),
  );
}

/** The site's language, as the settings table holds it (a JSON string), in SQL. */
const SITE_LANGUAGE = `coalesce((select json_extract(value, '$') from settings where key = 'language'), '${DEFAULT_LANGUAGE}')`;

/** The text of a column as the index stores it: its search keys in the site's language. */
function keys(expression: string): string {
  return `${KEYS_FUNCTION}(${expression}, ${SITE_LANGUAGE})`;
}

/**
 * bm25() weights of the columns title, excerpt, body, sources: a word in the headline says far
 * more about what a story is about than the same word somewhere in its body.
 */
const COLUMN_WEIGHTS = '10.0, 4.0, 1.0, 4.0';

/** What the index stores of each post; the triggers and the rebuild read it, so they agree. */
const DOCUMENTS_VIEW = `create view post_search_documents as
  select p.id as post_id,
    ${keys('p.title')} as title,
    ${keys('p.excerpt')} as excerpt,
    ${keys('p.body_text')} as body,
    ${keys(`coalesce((select group_concat(s.name || ' ' || coalesce(s.full_name, ''), ' ')
      from post_sources ps join sources s on s.id = ps.source_id where ps.post_id = p.id), '')`)} as sources
  from posts p`;

/** Statements that index one post again (`id` is an SQL expression); a post that is gone stays out. */
function reindex(id: string): string {
  return `delete from post_search where rowid = ${id};
    insert into post_search (rowid, title, excerpt, body, sources)
      select post_id, title, excerpt, body, sources from post_search_documents where post_id = ${id};`;
}

/** Posts that draw on the source `id`. */
function postsOfSource(id: string): string {
  return `(select post_id from post_sources where source_id = ${id})`;
}

const TRIGGERS = [
  `create trigger post_search_posts_insert after insert on posts begin ${reindex('new.id')} end`,
  `create trigger post_search_posts_update after update of id, title, excerpt, body_text on posts begin
    delete from post_search where rowid = old.id; ${reindex('new.id')} end`,
  `create trigger post_search_posts_delete after delete on posts begin delete from post_search where rowid = old.id; end`,
  `create trigger post_search_post_sources_insert after insert on post_sources begin ${reindex('new.post_id')} end`,
  `create trigger post_search_post_sources_delete after delete on post_sources begin ${reindex('old.post_id')} end`,
  `create trigger post_search_post_sources_update after update on post_sources begin ${reindex('old.post_id')} ${reindex('new.post_id')} end`,
  `create trigger post_search_sources_update after update of name, full_name on sources begin
    delete from post_search where rowid in ${postsOfSource('new.id')};
    insert into post_search (rowid, title, excerpt, body, sources)
      select post_id, title, excerpt, body, sources from post_search_documents where post_id in ${postsOfSource('new.id')};
  end`,
];

/**
 * An FTS5 query from parsed terms: each a quoted string (a word or a phrase) of search keys in
 * the site's language, all of which must match. Keys are letters and digits only.
 */
export function fts5Query(terms: readonly SearchTerm[], language: string): string {
  return terms.map((t) => `"${searchKeysOfText(t.words.join(' '), language).replaceAll('"', '""')}"`).join(' ');
}

/** Names of the index's triggers, to drop when it is made anew. */
const TRIGGER_NAMES = [
  'post_search_posts_insert',
  'post_search_posts_update',
  'post_search_posts_delete',
  'post_search_post_sources_insert',
  'post_search_post_sources_delete',
  'post_search_post_sources_update',
  'post_search_sources_update',
];

/**
 * bm25() weights of a page's title and text, as a post's: the headline counts for more.
 */
const PAGE_COLUMN_WEIGHTS = '10.0, 1.0';

/**
 * What the index of pages stores: published pages only (a draft, or a page taken down, is not
 * in it at all), their titles and plain text as search keys in the site's language.
 */
const PAGE_DOCUMENTS_VIEW = `create view page_search_documents as
  select p.id as page_id, ${keys('p.title')} as title, ${keys('p.body_text')} as body
  from pages p where p.status = 'published'`;

/** Statements that index one page again (`id` is an SQL expression); a draft or a page that is gone stays out. */
function reindexPage(id: string): string {
  return `delete from page_search where rowid = ${id};
    insert into page_search (rowid, title, body) select page_id, title, body from page_search_documents where page_id = ${id};`;
}

const PAGE_TRIGGERS = [
  `create trigger page_search_pages_insert after insert on pages begin ${reindexPage('new.id')} end`,
  `create trigger page_search_pages_update after update of id, title, body_text, status on pages begin
    delete from page_search where rowid = old.id; ${reindexPage('new.id')} end`,
  `create trigger page_search_pages_delete after delete on pages begin delete from page_search where rowid = old.id; end`,
];

/**
 * SQLite's FTS5: a table of its own holding each post's text as search keys (stemmed in the
 * site's language, accents folded, CJK characters one by one), split on spaces by unicode61
 * with accents folded again ("resume" finds "résumé"). The highlight markers are never in it:
 * they are not letters.
 */
export const sqliteSearch: SearchEngine = {
  createIndex: async (db) => {
    await sql`create virtual table post_search using fts5(title, excerpt, body, sources, tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'")`.execute(
      db,
    );
    await sql.raw(DOCUMENTS_VIEW).execute(db);
    for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
    await sqliteSearch.rebuildIndex(db);
  },

  recreateIndex: async (db) => {
    for (const name of TRIGGER_NAMES) await sql.raw(`drop trigger if exists ${name}`).execute(db);
    await sql`drop view if exists post_search_documents`.execute(db);
    await sql`drop table if exists post_search`.execute(db);
    await sqliteSearch.createIndex(db);
  },

  reindexBatch: async (db, afterId, limit) => {
    const ids = (await sql<{ id: number }>`select id from posts where id > ${afterId} order by id limit ${limit}`.execute(db)).rows.map((r) => r.id);
    if (ids.length === 0) return undefined;
    const list = sql.join(ids);
    await sql`delete from post_search where rowid in (${list})`.execute(db);
    await sql`insert into post_search (rowid, title, excerpt, body, sources)
      select post_id, title, excerpt, body, sources from post_search_documents where post_id in (${list})`.execute(db);
    return ids[ids.length - 1];
  },

  rebuildIndex: async (db) => {
    await sql`delete from post_search`.execute(db);
    await sql`insert into post_search (rowid, title, excerpt, body, sources)
      select post_id, title, excerpt, body, sources from post_search_documents`.execute(db);
  },

  createPageIndex: async (db) => {
    await sql`create virtual table page_search using fts5(title, body, tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'")`.execute(db);
    await sql.raw(PAGE_DOCUMENTS_VIEW).execute(db);
    for (const trigger of PAGE_TRIGGERS) await sql.raw(trigger).execute(db);
    await sqliteSearch.rebuildPageIndex(db);
  },

  rebuildPageIndex: async (db) => {
    await sql`delete from page_search`.execute(db);
    await sql`insert into page_search (rowid, title, body) select page_id, title, body from page_search_documents`.execute(db);
  },

  reindexPagesBatch: async (db, afterId, limit) => {
    const ids = (await sql<{ id: number }>`select id from pages where id > ${afterId} order by id limit ${limit}`.execute(db)).rows.map((r) => r.id);
    if (ids.length === 0) return undefined;
    const list = sql.join(ids);
    await sql`delete from page_search where rowid in (${list})`.execute(db);
    await sql`insert into page_search (rowid, title, body) select page_id, title, body from page_search_documents where page_id in (${list})`.execute(db);
    return ids[ids.length - 1];
  },

  // Kept whole ("limit -1") for the same reason as matches(): read once, then joined to the pages by id.
  pageMatches: (terms, language) =>
    sql<PageSearchMatch>`(select rowid as page_id, -bm25(page_search, ${sql.raw(PAGE_COLUMN_WEIGHTS)}) as score
      from page_search where page_search match ${fts5Query(terms, language)} limit -1)`.as('page_matches'),

  // "limit -1" (no limit) keeps SQLite from flattening the match into the join with posts:
  // flattened, it walked the posts and ran the whole full-text query again for each one, so a
  // common word took seconds on a site of 10,000 posts (9 s for "the"). Kept whole, the index
  // is read once and joined to the posts.
  matches: (terms, language, unranked) =>
    sql<SearchMatch>`(select rowid as post_id, ${unranked ? sql`0` : sql`-bm25(post_search, ${sql.raw(COLUMN_WEIGHTS)})`} as score
      from post_search where post_search match ${fts5Query(terms, language)} limit -1)`.as('matches'),

  readSearch: (db, read) => read(db),
};
