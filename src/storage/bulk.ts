import type { Kysely } from 'kysely';
import type { CommentStatus } from '../domain/comments.ts';
import type { SafeHtml } from '../domain/safe-html.ts';
import type { SourceRole } from '../domain/sources.ts';
import type { PostLabel, TermKind } from '../domain/terms.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import type { Schema } from './schema.ts';

/**
 * Many rows at once, for building large sites (the data generator): multi-row inserts with
 * ids chosen by the caller, so posts, their sources, terms and threaded comments can be linked
 * before anything is written. Run inside a transaction, on a site nobody else writes to.
 */

/**
 * Bound parameters per statement: under SQLite's limit of 32,766 (and PostgreSQL's 65,535), and
 * a statement this size keeps memory small while saving almost all the per-statement cost.
 */
const MAX_PARAMETERS = 30_000;

/** A view of the schema by table name, for the one function that treats every table alike. */
type AnyTables = Kysely<Record<string, Record<string, unknown>>>;

async function insertChunked(db: Executor, table: keyof Schema, rows: readonly Record<string, unknown>[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(first).length));
  const target = db as unknown as AnyTables;
  for (let start = 0; start < rows.length; start += perStatement) {
    await target
      .insertInto(table)
      .values(rows.slice(start, start + perStatement))
      .execute();
  }
}

/** The largest id in a table, 0 when it is empty: the caller numbers new rows after it. */
export async function findMaxId(db: Executor, table: 'posts' | 'comments'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function countPosts(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds the writers that are missing (by slug); returns every one's id by slug. */
export async function ensureAuthors(db: Executor, authors: ReadonlyArray<{ slug: string; displayName: string }>, now: Date): Promise<Map<string, number>> {
  if (authors.length === 0) return new Map();
  await db
    .insertInto('authors')
    .values(authors.map((a) => ({ slug: a.slug, display_name: a.displayName, created_at: toDbTime(now) })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const rows = await db
    .selectFrom('authors')
    .select(['id', 'slug'])
    .where(
      'slug',
      'in',
      authors.map((a) => a.slug),
    )
    .execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Adds the outlets that are missing (by slug); returns every one's id by slug. */
export async function ensureSources(
  db: Executor,
  sources: ReadonlyArray<{ slug: string; name: string; fullName: string | null; homepageUrl: string | null }>,
  now: Date,
): Promise<Map<string, number>> {
  if (sources.length === 0) return new Map();
  await db
    .insertInto('sources')
    .values(sources.map((s) => ({ slug: s.slug, name: s.name, full_name: s.fullName, homepage_url: s.homepageUrl, created_at: toDbTime(now) })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const rows = await db
    .selectFrom('sources')
    .select(['id', 'slug'])
    .where(
      'slug',
      'in',
      sources.map((s) => s.slug),
    )
    .execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Adds the categories and tags that are missing; returns every one's id by `kind:slug`. */
export async function ensureTerms(db: Executor, terms: ReadonlyArray<{ kind: TermKind; slug: string; name: string }>, now: Date): Promise<Map<string, number>> {
  if (terms.length === 0) return new Map();
  await db
    .insertInto('terms')
    .values(terms.map((t) => ({ kind: t.kind, slug: t.slug, name: t.name, created_at: toDbTime(now) })))
    .onConflict((oc) => oc.columns(['kind', 'slug']).doNothing())
    .execute();
  const rows = await db
    .selectFrom('terms')
    .select(['id', 'kind', 'slug'])
    .where(
      'slug',
      'in',
      terms.map((t) => t.slug),
    )
    .execute();
  return new Map(rows.map((r) => [`${r.kind}:${r.slug}`, r.id]));
}

export interface BulkPost {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  bodyMarkdown: string;
  bodyHtml: SafeHtml;
  bodyText: string;
  wordCount: number;
  label: PostLabel | null;
  authorId: number;
  publishedAt: Date;
}

/** Published posts with open comments, created and last updated when they were published. */
export async function insertPostsBulk(db: Executor, posts: readonly BulkPost[]): Promise<void> {
  await insertChunked(
    db,
    'posts',
    posts.map((p) => ({
      id: p.id,
      slug: p.slug,
      title: p.title,
      excerpt: p.excerpt,
      body_markdown: p.bodyMarkdown,
      body_html: p.bodyHtml,
      body_text: p.bodyText,
      word_count: p.wordCount,
      label: p.label,
      status: 'published',
      author_id: p.authorId,
      published_at: toDbTime(p.publishedAt),
      // Generated posts are dated in the past: live already, nothing for the scheduler to announce.
      went_live_at: toDbTime(p.publishedAt),
      comments_open: 1,
      image_url: null,
      image_alt: null,
      created_at: toDbTime(p.publishedAt),
      updated_at: toDbTime(p.publishedAt),
    })),
  );
}

export interface BulkPostSource {
  postId: number;
  sourceId: number;
  role: SourceRole;
  language: string | null;
  position: number;
}

export async function insertPostSourcesBulk(db: Executor, rows: readonly BulkPostSource[]): Promise<void> {
  await insertChunked(
    db,
    'post_sources',
    rows.map((r) => ({ post_id: r.postId, source_id: r.sourceId, role: r.role, url: null, language: r.language, position: r.position })),
  );
}

export async function insertPostTermsBulk(db: Executor, rows: ReadonlyArray<{ postId: number; termId: number; position: number }>): Promise<void> {
  await insertChunked(
    db,
    'post_terms',
    rows.map((r) => ({ post_id: r.postId, term_id: r.termId, position: r.position })),
  );
}

export interface BulkComment {
  id: number;
  postId: number;
  parentId: number | null;
  depth: number;
  authorName: string;
  authorEmail: string;
  authorIp: string | null;
  userAgent: string | null;
  body: string;
  status: CommentStatus;
  createdAt: Date;
}

export async function insertCommentsBulk(db: Executor, comments: readonly BulkComment[]): Promise<void> {
  await insertChunked(
    db,
    'comments',
    comments.map((c) => ({
      id: c.id,
      post_id: c.postId,
      parent_id: c.parentId,
      depth: c.depth,
      author_name: c.authorName,
      author_email: c.authorEmail,
      author_url: null,
      author_ip: c.authorIp,
      user_agent: c.userAgent,
      body: c.body,
      status: c.status,
      created_at: toDbTime(c.createdAt),
      updated_at: toDbTime(c.createdAt),
    })),
  );
}

/** Slugs already taken, so generated posts pick others. */
export async function listPostSlugs(db: Executor, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('posts').select('slug').orderBy('id').limit(limit).execute();
  return rows.map((r) => r.slug);
}
