import { sql, type RawBuilder } from 'kysely';
import { SearchTimedOutError, type SearchTerm } from '../../domain/search.ts';
import { DEFAULT_LANGUAGE, SEARCH_LANGUAGES } from '../../domain/search-language.ts';
import type { PageSearchMatch, SearchEngine, SearchMatch } from './dialect.ts';
import { SEARCH_TIME_LIMIT_MS } from './dialect.ts';

/**
 * Characters of the body indexed: tsvector values are limited to 1 MB, and a failed index
 * update would fail the save. Two hundred thousand characters is ten times a long feature.
 */
const MAX_INDEXED_BODY = 200_000;

/** PostgreSQL's code for a statement cancelled, here by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * The text search configuration for the site's language (settings key "language"): a CASE over
 * SEARCH_LANGUAGES, written when the index is made; a configuration this server lacks (an older
 * PostgreSQL) is "simple", words as written.
 */
function configFunction(): string {
  const cases = Object.entries(SEARCH_LANGUAGES)
    .map(([code, language]) => `when '${code}' then '${language.postgres}'`)
    .join(' ');
  return `create function post_search_config() returns regconfig language sql stable parallel safe as $$
    select coalesce((select c.oid::regconfig from pg_ts_config c where c.cfgnamespace = 'pg_catalog'::regnamespace
      and c.cfgname = case coalesce((select value::jsonb #>> '{}' from settings where key = 'language'), '${DEFAULT_LANGUAGE}') ${cases} end), 'simple'::regconfig)
  $$`;
}

/**
 * Chinese, Japanese and Korean characters (Han, kana, Hangul), each made a word of its own, as
 * domain/search-language.ts splits them: their writing has no spaces between words, and a
 * search for several characters is then a phrase of them, found side by side.
 */
const CJK_CHARACTERS =
  '[\\u1100-\\u11FF\\u3040-\\u309F\\u30A1-\\u30FA\\u30FD-\\u30FF\\u3130-\\u318F\\u31F0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF]';

/**
 * Latin letters with accents and their plain letters, for translate(): folded before stemming,
 * as SQLite's index folds them (domain/search-language.ts), so "resume" finds "résumé" in any
 * language without the unaccent extension, which a managed server may not offer.
 */
const LATIN_FOLDS = (() => {
  let from = '';
  let to = '';
  for (const [start, end] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let code = start; code <= end; code++) {
      const letter = String.fromCodePoint(code);
      const plain = letter.normalize('NFD').replace(/\p{M}/gu, '');
      if (plain !== letter && plain.length === 1 && /^[A-Za-z]$/.test(plain)) {
        from += letter;
        to += plain;
      }
    }
  }
  return { from, to };
})();

const STATEMENTS = [
  `create table post_search (
    post_id integer primary key references posts (id) on delete cascade,
    document tsvector not null
  )`,
  'create index post_search_document on post_search using gin (document)',
  // Markers out, so the only ones in a headline are ts_headline's. Dots, slashes and at signs
  // split words as SQLite's tokenizer and the query parser do, so "aif.ru" is the words aif, ru
  // rather than one host name a search for "aif" would miss.
  // CJK characters are spaced apart (CJK_CHARACTERS), in the index and in queries alike.
  `create function post_search_clean(t text) returns text language sql immutable parallel safe
    as $$
      -- Each step only where the text needs it: translate() with the long list of accented
      -- letters, and the replace, each cost about 10 ms on a 3 KB body, where the tests cost little.
      with plain as (select translate(t, './@' || chr(57344) || chr(57345), '   ') as t),
        folded as (select case when t ~ E'[\\u00C0-\\u024F\\u1E00-\\u1EFF]' then translate(t, '${LATIN_FOLDS.from}', '${LATIN_FOLDS.to}') else t end as t from plain)
      select case when t ~ E'${CJK_CHARACTERS}' then regexp_replace(t, E'(${CJK_CHARACTERS})', ' \\1 ', 'g') else t end from folded
    $$`,
  configFunction(),
  // Weights: A the headline, B the excerpt and the sources' names, C the body (see ts_rank).
  `create view post_search_documents as
    select p.id as post_id,
      setweight(to_tsvector(post_search_config(), post_search_clean(p.title)), 'A') ||
      setweight(to_tsvector(post_search_config(), post_search_clean(p.excerpt)), 'B') ||
      setweight(to_tsvector(post_search_config(), post_search_clean(coalesce((
        select string_agg(s.name || ' ' || coalesce(s.full_name, ''), ' ')
        from post_sources ps join sources s on s.id = ps.source_id where ps.post_id = p.id), ''))), 'B') ||
      setweight(to_tsvector(post_search_config(), post_search_clean(left(p.body_text, ${MAX_INDEXED_BODY}))), 'C') as document
    from posts p`,
  // A post that is gone (deleted in the same statement) is simply not indexed again.
  `create function post_search_reindex(target integer) returns void language sql as $$
    delete from post_search where post_id = target;
    insert into post_search (post_id, document) select post_id, document from post_search_documents where post_id = target;
  $$`,
  `create function post_search_posts_changed() returns trigger language plpgsql as $$
    begin perform post_search_reindex(new.id); return null; end $$`,
  // Deleting a post deletes its row of the index through the foreign key.
  `create trigger post_search_posts after insert or update of title, excerpt, body_text on posts
    for each row execute function post_search_posts_changed()`,
  `create function post_search_post_sources_changed() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then perform post_search_reindex(old.post_id); end if;
      if tg_op in ('UPDATE', 'INSERT') then perform post_search_reindex(new.post_id); end if;
      return null;
    end $$`,
  `create trigger post_search_post_sources after insert or update or delete on post_sources
    for each row execute function post_search_post_sources_changed()`,
  `create function post_search_sources_changed() returns trigger language plpgsql as $$
    begin perform post_search_reindex(ps.post_id) from post_sources ps where ps.source_id = new.id; return null; end $$`,
  `create trigger post_search_sources after update of name, full_name on sources
    for each row execute function post_search_sources_changed()`,
];

/**
 * The index of published pages, made in migration 034 beside the posts' and in the same
 * language (post_search_config()): a draft, or a page taken down, is not in it at all.
 * Deleting a page deletes its row through the foreign key.
 */
const PAGE_STATEMENTS = [
  `create table page_search (
    page_id integer primary key references pages (id) on delete cascade,
    document tsvector not null
  )`,
  'create index page_search_document on page_search using gin (document)',
  `create view page_search_documents as
    select p.id as page_id,
      setweight(to_tsvector(post_search_config(), post_search_clean(p.title)), 'A') ||
      setweight(to_tsvector(post_search_config(), post_search_clean(left(p.body_text, ${MAX_INDEXED_BODY}))), 'C') as document
    from pages p where p.status = 'published'`,
  `create function page_search_pages_changed() returns trigger language plpgsql as $$
    begin
      delete from page_search where page_id = new.id or (tg_op = 'UPDATE' and page_id = old.id);
      insert into page_search (page_id, document) select page_id, document from page_search_documents where page_id = new.id;
      return null;
    end $$`,
  `create trigger page_search_pages after insert or update of id, title, body_text, status on pages
    for each row execute function page_search_pages_changed()`,
];

/**
 * A tsquery from parsed terms: each a phrase (a single word is a phrase of one), all of which
 * must match, read in the configuration the index was made with (the site's language).
 */
function tsQuery(terms: readonly SearchTerm[]): RawBuilder<unknown> {
  return sql.join(
    terms.map((t) => sql`phraseto_tsquery(post_search_config(), post_search_clean(${t.words.join(' ')}::text))`),
    sql` && `,
  );
}

/** What the index and its triggers are made of, to drop when it is made anew (cascade takes the triggers). */
const DROPS = [
  'drop table if exists post_search cascade',
  'drop view if exists post_search_documents cascade',
  'drop function if exists post_search_reindex(integer) cascade',
  'drop function if exists post_search_posts_changed() cascade',
  'drop function if exists post_search_post_sources_changed() cascade',
  'drop function if exists post_search_sources_changed() cascade',
  'drop function if exists post_search_config() cascade',
  'drop function if exists post_search_clean(text) cascade',
];

/** What the index of pages is made of, to drop when the posts' index (whose functions it uses) is made anew. */
const PAGE_DROPS = [
  'drop table if exists page_search cascade',
  'drop view if exists page_search_documents cascade',
  'drop function if exists page_search_pages_changed() cascade',
];

/**
 * PostgreSQL's text search: a weighted tsvector per post in a table of its own, kept by
 * triggers, searched through a GIN index, ranked by ts_rank.
 */
export const postgresSearch: SearchEngine = {
  createIndex: async (db) => {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
    await postgresSearch.rebuildIndex(db);
  },

  rebuildIndex: async (db) => {
    await sql`delete from post_search`.execute(db);
    await sql`insert into post_search (post_id, document) select post_id, document from post_search_documents`.execute(db);
  },

  // The index of pages (migration 034) is made of the functions dropped here, so it is made anew with them.
  recreateIndex: async (db) => {
    const pages = (await sql<{ name: string | null }>`select to_regclass('page_search')::text as name`.execute(db)).rows[0]?.name != null;
    if (pages) for (const statement of PAGE_DROPS) await sql.raw(statement).execute(db);
    for (const statement of DROPS) await sql.raw(statement).execute(db);
    await postgresSearch.createIndex(db);
    if (pages) await postgresSearch.createPageIndex(db);
  },

  reindexBatch: async (db, afterId, limit) => {
    const ids = (await sql<{ id: number }>`select id from posts where id > ${afterId} order by id limit ${limit}`.execute(db)).rows.map((r) => r.id);
    if (ids.length === 0) return undefined;
    const list = sql.join(ids);
    // Rows updated in place: a reader in the meantime sees each post's old document or its new one, never none.
    await sql`update post_search set document = d.document from post_search_documents d
      where post_search.post_id = d.post_id and d.post_id in (${list})`.execute(db);
    return ids[ids.length - 1];
  },

  createPageIndex: async (db) => {
    for (const statement of PAGE_STATEMENTS) await sql.raw(statement).execute(db);
    await postgresSearch.rebuildPageIndex(db);
  },

  rebuildPageIndex: async (db) => {
    await sql`delete from page_search`.execute(db);
    await sql`insert into page_search (page_id, document) select page_id, document from page_search_documents`.execute(db);
  },

  reindexPagesBatch: async (db, afterId, limit) => {
    const ids = (await sql<{ id: number }>`select id from pages where id > ${afterId} order by id limit ${limit}`.execute(db)).rows.map((r) => r.id);
    if (ids.length === 0) return undefined;
    const list = sql.join(ids);
    // In place, as for posts: a reader meanwhile finds each page by its old document or its new one.
    await sql`update page_search set document = d.document from page_search_documents d
      where page_search.page_id = d.page_id and d.page_id in (${list})`.execute(db);
    return ids[ids.length - 1];
  },

  pageMatches: (terms) => {
    const query = tsQuery(terms);
    return sql<PageSearchMatch>`(select page_id, ts_rank(document, ${query}) as score
      from page_search where document @@ (${query}))`.as('page_matches');
  },

  // The language is the index's own (post_search_config() reads it), so queries and documents agree.
  matches: (terms, _language, unranked) => {
    const query = tsQuery(terms);
    const score = unranked ? sql`0` : sql`ts_rank(document, ${query})`;
    return sql<SearchMatch>`(select post_id, ${score} as score
      from post_search where document @@ (${query}))`.as('matches');
  },

  // The planner prices "document @@ query" as one cheap operator per row, but each row's
  // document is stored out of line and compressed: when a word is common (over about half the
  // posts), it reads and decompresses every document, in a table scan or along the primary key
  // (34 ms for "nato" on 10,000 posts), where the GIN index finds the same posts in 3 ms. For
  // the search's own transaction only, both are turned off, which leaves bitmap scans: of the
  // GIN index for the matches, of the posts' indexes for the rest (a count for "nato" then takes
  // 10 ms instead of 42, the ranked page 31 instead of 57). A query no index can answer still scans.
  // A search past SEARCH_TIME_LIMIT_MS is stopped, and answered as one (SearchTimedOutError).
  readSearch: (db, read) =>
    db
      .transaction()
      .execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        await sql`set local enable_indexscan = off`.execute(tx);
        await sql.raw(`set local statement_timeout = ${SEARCH_TIME_LIMIT_MS}`).execute(tx);
        return read(tx);
      })
      .catch((error: unknown) => {
        if ((error as { code?: unknown } | null)?.code === QUERY_CANCELED) throw new SearchTimedOutError();
        throw error;
      }),
};
