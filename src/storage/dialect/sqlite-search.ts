import { sql } from 'kysely';
import type { SearchTerm } from '../../domain/search.ts';
import type { SearchEngine, SearchMatch } from './dialect.ts';

/**
 * bm25() weights of the columns title, excerpt, body, sources: a word in the headline says far
 * more about what a story is about than the same word somewhere in its body.
 */
const COLUMN_WEIGHTS = '10.0, 4.0, 1.0, 4.0';

/** SQL that removes the highlight markers from a text, so the only markers in a snippet are the engine's. */
function withoutMarkers(expression: string): string {
  return `replace(replace(${expression}, char(57344), ''), char(57345), '')`;
}

/** What the index stores of each post; the triggers and the rebuild read it, so they agree. */
const DOCUMENTS_VIEW = `create view post_search_documents as
  select p.id as post_id,
    ${withoutMarkers('p.title')} as title,
    ${withoutMarkers('p.excerpt')} as excerpt,
    ${withoutMarkers('p.body_text')} as body,
    ${withoutMarkers(`coalesce((select group_concat(s.name || ' ' || coalesce(s.full_name, ''), ' ')
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

/** An FTS5 query from parsed terms: each a quoted string (a word or a phrase), all of which must match. */
export function fts5Query(terms: readonly SearchTerm[]): string {
  return terms.map((t) => `"${t.words.join(' ').replaceAll('"', '""')}"`).join(' ');
}

/**
 * SQLite's FTS5: a table of its own holding each post's text, with the
 * Porter stemmer over Unicode words and accents folded ("resume" finds "résumé").
 */
export const sqliteSearch: SearchEngine = {
  createIndex: async (db) => {
    await sql`create virtual table post_search using fts5(title, excerpt, body, sources, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
    await sql.raw(DOCUMENTS_VIEW).execute(db);
    for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
    await sqliteSearch.rebuildIndex(db);
  },

  rebuildIndex: async (db) => {
    await sql`delete from post_search`.execute(db);
    await sql`insert into post_search (rowid, title, excerpt, body, sources)
      select post_id, title, excerpt, body, sources from post_search_documents`.execute(db);
  },

  // "limit -1" (no limit) keeps SQLite from flattening the match into the join with posts:
  // flattened, it walked the posts and ran the whole full-text query again for each one, so a
  // common word took seconds on a site of 10,000 posts (9 s for "the"). Kept whole, the index
  // is read once and joined to the posts.
  matches: (terms, unranked) =>
    sql<SearchMatch>`(select rowid as post_id, ${unranked ? sql`0` : sql`-bm25(post_search, ${sql.raw(COLUMN_WEIGHTS)})`} as score
      from post_search where post_search match ${fts5Query(terms)} limit -1)`.as('matches'),

  readSearch: (db, read) => read(db),
};
