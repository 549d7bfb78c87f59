import type { PostDraft } from '../domain/post-editor.ts';
import type { PostStatus } from '../domain/posts.ts';
import type { Revision } from '../domain/revisions.ts';
import { fromDbBool, fromDbTime, toDbBool, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

interface StoredTerms {
  categories: string[];
  tags: string[];
}

export async function insertRevision(
  db: Executor,
  revision: { postId: number; draft: PostDraft; status: PostStatus; publishedAt: Date | null; userId: number; featuredMediaId: number | null },
  now: Date,
): Promise<number> {
  const d = revision.draft;
  const terms: StoredTerms = { categories: d.categories, tags: d.tags };
  const row = await db
    .insertInto('post_revisions')
    .values({
      post_id: revision.postId,
      title: d.title,
      slug: d.slug,
      excerpt: d.excerpt,
      body_markdown: d.bodyMarkdown,
      label: d.label,
      comments_open: toDbBool(d.commentsOpen),
      terms: JSON.stringify(terms),
      sources: JSON.stringify(d.sources),
      status: revision.status,
      published_at: revision.publishedAt && toDbTime(revision.publishedAt),
      user_id: revision.userId,
      created_at: toDbTime(now),
      featured_media_id: revision.featuredMediaId,
      featured_recorded: toDbBool(true),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function selectRevisions(db: Executor) {
  return db
    .selectFrom('post_revisions')
    .leftJoin('users', 'users.id', 'post_revisions.user_id')
    .leftJoin('media', 'media.id', 'post_revisions.featured_media_id')
    .selectAll('post_revisions')
    .select(['users.display_name', 'media.file_name as featured_file_name', 'media.alt as featured_alt']);
}

type RevisionRow = Awaited<ReturnType<ReturnType<typeof selectRevisions>['executeTakeFirstOrThrow']>>;

function toRevision(row: RevisionRow): Revision {
  const terms = JSON.parse(row.terms) as StoredTerms;
  return {
    id: row.id,
    postId: row.post_id,
    savedBy: row.display_name,
    createdAt: fromDbTime(row.created_at),
    status: row.status,
    publishedAt: row.published_at === null ? null : fromDbTime(row.published_at),
    featuredImage: !fromDbBool(row.featured_recorded)
      ? undefined
      : row.featured_media_id === null
        ? null
        : { id: row.featured_media_id, fileName: row.featured_file_name ?? '', alt: row.featured_alt ?? '' },
    draft: {
      title: row.title,
      slug: row.slug,
      excerpt: row.excerpt,
      bodyMarkdown: row.body_markdown,
      label: row.label,
      commentsOpen: fromDbBool(row.comments_open),
      categories: terms.categories,
      tags: terms.tags,
      sources: JSON.parse(row.sources) as PostDraft['sources'],
    },
  };
}

/** A post's revisions, newest first. */
export async function listRevisions(db: Executor, postId: number, limit: number): Promise<Revision[]> {
  const rows = await selectRevisions(db)
    .where('post_revisions.post_id', '=', postId)
    .orderBy('post_revisions.created_at', 'desc')
    .orderBy('post_revisions.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRevision);
}

export async function findRevision(db: Executor, postId: number, id: number): Promise<Revision | undefined> {
  const row = await selectRevisions(db).where('post_revisions.post_id', '=', postId).where('post_revisions.id', '=', id).executeTakeFirst();
  return row && toRevision(row);
}
