import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/** Named character references a sanitized body may hold, as text. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of a sanitized body, for pages written before this migration: tags dropped,
 * character references read. Pages saved from now on take their text from their Markdown as
 * posts do (content/markdown.ts); this only has to be good enough to search until then.
 */
export function textOfSanitizedHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Pages filled per statement: a newsroom has a dozen, an import from WordPress perhaps a thousand. */
const FILL_BATCH = 100;

/**
 * Static pages found by the site's search: each page's plain text beside its HTML (as posts
 * keep theirs, for the index and the passage shown), and a search index of published pages in
 * the site's language, kept by triggers on every write to pages and filled for those already there.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('pages')
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  for (let after = 0; ; ) {
    const rows = (await sql<{ id: number; body_html: string }>`select id, body_html from pages where id > ${after} order by id limit ${FILL_BATCH}`.execute(db))
      .rows;
    if (rows.length === 0) break;
    for (const row of rows) await sql`update pages set body_text = ${textOfSanitizedHtml(row.body_html)} where id = ${row.id}`.execute(db);
    after = rows[rows.length - 1]!.id;
  }
  await dialect.search.createPageIndex(db);
}
