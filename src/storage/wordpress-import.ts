/** What a WordPress import reads and writes beyond the editor's own repositories: where each row came from, and rows written with their original dates. */
import type { CommentStatus } from '../domain/comments.ts';
import type { PostStatus } from '../domain/posts.ts';
import type { SafeHtml } from '../domain/safe-html.ts';
import type { Source } from '../domain/sources.ts';
import { fromDbTime, toDbBool, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import type { WordpressItemsTable } from './schema.ts';

export type WordpressKind = WordpressItemsTable['kind'];

export interface WordpressItem {
  localId: number;
  digest: string;
}

/** The rows these WordPress objects became, by their WordPress id. */
export async function findWordpressItems(db: Executor, site: string, kind: WordpressKind, wpIds: readonly string[]): Promise<Map<string, WordpressItem>> {
  const found = new Map<string, WordpressItem>();
  if (wpIds.length === 0) return found;
  const rows = await db
    .selectFrom('wordpress_items')
    .select(['wp_id', 'local_id', 'digest'])
    .where('site', '=', site)
    .where('kind', '=', kind)
    .where('wp_id', 'in', [...new Set(wpIds)])
    .execute();
  for (const r of rows) found.set(r.wp_id, { localId: r.local_id, digest: r.digest });
  return found;
}

export interface WordpressItemRecord {
  site: string;
  kind: WordpressKind;
  wpId: string;
  localId: number;
  digest: string;
}

/** Rows per statement of a many-row write: far below either database's limit on parameters. */
const ROWS_PER_STATEMENT = 500;

/** Records many at once, each as putWordpressItem would. */
export async function putWordpressItems(db: Executor, items: readonly WordpressItemRecord[], now: Date): Promise<void> {
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) {
    const rows = items.slice(i, i + ROWS_PER_STATEMENT).map((item) => ({
      site: item.site,
      kind: item.kind,
      wp_id: item.wpId,
      local_id: item.localId,
      digest: item.digest,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    }));
    await db
      .insertInto('wordpress_items')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['site', 'kind', 'wp_id']).doUpdateSet((eb) => ({
          local_id: eb.ref('excluded.local_id'),
          digest: eb.ref('excluded.digest'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function putWordpressItem(db: Executor, item: WordpressItemRecord, now: Date): Promise<void> {
  await db
    .insertInto('wordpress_items')
    .values({
      site: item.site,
      kind: item.kind,
      wp_id: item.wpId,
      local_id: item.localId,
      digest: item.digest,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .onConflict((oc) => oc.columns(['site', 'kind', 'wp_id']).doUpdateSet({ local_id: item.localId, digest: item.digest, updated_at: toDbTime(now) }))
    .execute();
}

/** The byline of the user with this email, if one exists. */
export async function findAuthorIdOfUserEmail(db: Executor, email: string): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('author_id').where('email', '=', email).executeTakeFirst();
  return row?.author_id;
}

/** Whether a byline already uses this slug. */
export async function authorSlugTaken(db: Executor, slug: string): Promise<boolean> {
  return (await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** The first of slug, slug-2, slug-3… that no other post uses, as WordPress numbers a duplicate. */
export async function freePostSlug(db: Executor, slug: string, exceptPostId: number | undefined): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? slug : `${slug}-${n}`;
    const row = await db.selectFrom('posts').select('id').where('slug', '=', candidate).executeTakeFirst();
    if (!row || row.id === exceptPostId) return candidate;
  }
}

/** An outlet whose name is this one, whatever its case. */
export async function findSourceByName(db: Executor, name: string): Promise<Source | undefined> {
  const row = await db
    .selectFrom('sources')
    .select(['id', 'slug', 'name', 'full_name', 'homepage_url'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, slug: row.slug, name: row.name, fullName: row.full_name, homepageUrl: row.homepage_url };
}

export async function setTermParent(db: Executor, termId: number, parentId: number | null): Promise<void> {
  await db.updateTable('terms').set({ parent_id: parentId }).where('id', '=', termId).execute();
}

export interface ImportedPost {
  slug: string;
  title: string;
  excerpt: string;
  bodyMarkdown: string;
  bodyHtml: SafeHtml;
  bodyText: string;
  wordCount: number;
  status: PostStatus;
  authorId: number;
  publishedAt: Date | null;
  commentsOpen: boolean;
  image: { url: string; alt: string } | null;
  /** A photo of the library as its featured image, as the editor sets it. */
  featuredMediaId: number | null;
  createdAt: Date;
}

function postValues(post: ImportedPost, now: Date) {
  return {
    slug: post.slug,
    title: post.title,
    excerpt: post.excerpt,
    body_markdown: post.bodyMarkdown,
    body_html: post.bodyHtml,
    body_text: post.bodyText,
    word_count: post.wordCount,
    status: post.status,
    author_id: post.authorId,
    published_at: post.publishedAt && toDbTime(post.publishedAt),
    comments_open: toDbBool(post.commentsOpen),
    image_url: post.image?.url ?? null,
    image_alt: post.image?.alt ?? null,
    featured_media_id: post.featuredMediaId,
    updated_at: toDbTime(now),
    // A post dated in the future waits for the scheduler to announce it, as one saved in the editor.
    went_live_at: post.status === 'published' && post.publishedAt && post.publishedAt <= now ? toDbTime(now) : null,
  };
}

/** A post as the export had it, created when it was created there. */
export async function insertImportedPost(db: Executor, post: ImportedPost, now: Date): Promise<number> {
  const row = await db
    .insertInto('posts')
    .values({ ...postValues(post, now), created_at: toDbTime(post.createdAt), label: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Where a post was before an update, to keep its old address. */
export async function findPostPlace(db: Executor, id: number): Promise<{ slug: string; status: PostStatus; publishedAt: Date | null } | undefined> {
  const row = await db.selectFrom('posts').select(['slug', 'status', 'published_at']).where('id', '=', id).executeTakeFirst();
  return row && { slug: row.slug, status: row.status, publishedAt: row.published_at === null ? null : fromDbTime(row.published_at) };
}

export async function updateImportedPost(db: Executor, id: number, post: ImportedPost, now: Date): Promise<void> {
  await db.updateTable('posts').set(postValues(post, now)).where('id', '=', id).execute();
}

export interface ImportedComment {
  postId: number;
  parentId: number | null;
  depth: number;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  authorIp: string | null;
  authorNetwork: string | null;
  body: string;
  status: CommentStatus;
  createdAt: Date;
}

function commentValues(c: ImportedComment, now: Date) {
  return {
    post_id: c.postId,
    parent_id: c.parentId,
    depth: c.depth,
    author_name: c.authorName,
    author_email: c.authorEmail,
    author_url: c.authorUrl,
    author_ip: c.authorIp,
    author_network: c.authorNetwork,
    user_agent: null,
    body: c.body,
    status: c.status,
    created_at: toDbTime(c.createdAt),
    updated_at: toDbTime(now),
  };
}

export async function insertImportedComment(db: Executor, comment: ImportedComment, now: Date): Promise<number> {
  const row = await db.insertInto('comments').values(commentValues(comment, now)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Rewrites an imported comment from a newer export; a comment erased on request here stays erased. */
export async function updateImportedComment(db: Executor, id: number, comment: ImportedComment, now: Date): Promise<CommentStatus | undefined> {
  const before = await db.selectFrom('comments').select(['status', 'erased_at']).where('id', '=', id).executeTakeFirst();
  if (!before || before.erased_at !== null) return undefined;
  await db.updateTable('comments').set(commentValues(comment, now)).where('id', '=', id).execute();
  return before.status;
}

export async function findCommentDepth(db: Executor, id: number): Promise<number | undefined> {
  const row = await db.selectFrom('comments').select('depth').where('id', '=', id).executeTakeFirst();
  return row?.depth;
}

export async function setPostImage(db: Executor, postId: number, image: { url: string; alt: string }): Promise<void> {
  await db.updateTable('posts').set({ image_url: image.url, image_alt: image.alt }).where('id', '=', postId).execute();
}

/** A library photo as a post's featured image, in place of a lead image's address. */
export async function setPostFeaturedMedia(db: Executor, postId: number, mediaId: number): Promise<void> {
  await db.updateTable('posts').set({ featured_media_id: mediaId, image_url: null, image_alt: null }).where('id', '=', postId).execute();
}

/** The user whose byline this is, if one is. */
export async function findUserIdOfAuthor(db: Executor, authorId: number): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('id').where('author_id', '=', authorId).orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

/** The first owner or administrator of the site, who is answerable for what comes in without an author of its own. */
export async function findFirstAdministratorId(db: Executor): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('id').where('role', 'in', ['owner', 'administrator']).orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

/** A post's text as kept, for images named before the files they show were read. */
export async function findPostBody(db: Executor, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('posts').select('body_markdown').where('id', '=', id).executeTakeFirst();
  return row?.body_markdown;
}

export async function updatePostBody(
  db: Executor,
  id: number,
  body: { bodyMarkdown: string; bodyHtml: SafeHtml; bodyText: string; wordCount: number },
  now: Date,
): Promise<void> {
  await db
    .updateTable('posts')
    .set({ body_markdown: body.bodyMarkdown, body_html: body.bodyHtml, body_text: body.bodyText, word_count: body.wordCount, updated_at: toDbTime(now) })
    .where('id', '=', id)
    .execute();
}
