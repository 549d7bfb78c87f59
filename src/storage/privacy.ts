import type { CommentStatus } from '../domain/comments.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

/** Everything kept about one comment, for a commenter's export. */
export interface StoredComment {
  id: number;
  post: { id: number; slug: string; title: string };
  parentId: number | null;
  status: CommentStatus;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  authorIp: string | null;
  userAgent: string | null;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  erasedAt: Date | null;
}

/** Comments written with this email address (compared without regard to case), oldest first. */
export async function listCommentsByEmail(db: Executor, email: string, limit: number): Promise<StoredComment[]> {
  const rows = await db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.parent_id',
      'comments.status',
      'comments.author_name',
      'comments.author_email',
      'comments.author_url',
      'comments.author_ip',
      'comments.user_agent',
      'comments.body',
      'comments.created_at',
      'comments.updated_at',
      'comments.erased_at',
      'posts.id as post_id',
      'posts.slug as post_slug',
      'posts.title as post_title',
    ])
    .where((eb) => eb(eb.fn('lower', ['comments.author_email']), '=', email.toLowerCase()))
    .orderBy('comments.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    post: { id: r.post_id, slug: r.post_slug, title: r.post_title },
    parentId: r.parent_id,
    status: r.status,
    authorName: r.author_name,
    authorEmail: r.author_email,
    authorUrl: r.author_url,
    authorIp: r.author_ip,
    userAgent: r.user_agent,
    body: r.body,
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
    erasedAt: r.erased_at === null ? null : fromDbTime(r.erased_at),
  }));
}

/** Blanks every personal field of these comments and marks them erased; they keep their place in threads. */
export async function eraseComments(db: Executor, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('comments')
    .set({
      author_name: '',
      author_email: '',
      author_url: null,
      author_ip: null,
      author_network: null,
      user_agent: null,
      body: '',
      // A digest of the erased fields: it would let a guess at them be confirmed.
      submission_key: null,
      erased_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .where('id', 'in', [...ids])
    .execute();
}

/** Forgets the address, network and browser of comments written before `before`; returns how many. */
export async function clearAddressesBefore(db: Executor, before: Date): Promise<number> {
  const result = await db
    .updateTable('comments')
    .set({ author_ip: null, author_network: null, user_agent: null })
    .where('created_at', '<', toDbTime(before))
    // The partial index comments_with_address (migration 011) has this very condition: keep them the same.
    .where((eb) => eb.or([eb('author_ip', 'is not', null), eb('user_agent', 'is not', null), eb('author_network', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
