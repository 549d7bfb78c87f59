import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export type SubscriptionKind = 'comments' | 'posts';
export type SubscriptionStatus = 'requested' | 'confirmed' | 'unsubscribed';

/** A subscription with the consent it records: when it was asked for, from which comment, when confirmed. */
export interface Subscription {
  id: number;
  email: string;
  kind: SubscriptionKind;
  postId: number | null;
  commentId: number | null;
  status: SubscriptionStatus;
  requestedAt: Date;
  confirmationSentAt: Date | null;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
}

const COLUMNS = ['id', 'email', 'kind', 'post_id', 'comment_id', 'status', 'requested_at', 'confirmation_sent_at', 'confirmed_at', 'unsubscribed_at'] as const;

type Row = {
  id: number;
  email: string;
  kind: SubscriptionKind;
  post_id: number | null;
  comment_id: number | null;
  status: SubscriptionStatus;
  requested_at: string;
  confirmation_sent_at: string | null;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
};

const time = (value: string | null): Date | null => (value === null ? null : fromDbTime(value));

function toSubscription(r: Row): Subscription {
  return {
    id: r.id,
    email: r.email,
    kind: r.kind,
    postId: r.post_id,
    commentId: r.comment_id,
    status: r.status,
    requestedAt: fromDbTime(r.requested_at),
    confirmationSentAt: time(r.confirmation_sent_at),
    confirmedAt: time(r.confirmed_at),
    unsubscribedAt: time(r.unsubscribed_at),
  };
}

/** The live subscription (asked for or confirmed) of an address to this, if there is one. */
export async function findLiveSubscription(db: Executor, email: string, kind: SubscriptionKind, postId: number | null): Promise<Subscription | undefined> {
  let query = db.selectFrom('subscriptions').select(COLUMNS).where('email', '=', email).where('kind', '=', kind).where('status', '<>', 'unsubscribed');
  query = postId === null ? query.where('post_id', 'is', null) : query.where('post_id', '=', postId);
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && toSubscription(row);
}

export async function insertSubscriptionRequest(
  db: Executor,
  input: { email: string; kind: SubscriptionKind; postId: number | null; commentId: number },
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('subscriptions')
    .values({
      email: input.email,
      kind: input.kind,
      post_id: input.postId,
      comment_id: input.commentId,
      status: 'requested',
      requested_at: toDbTime(now),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Requests made with this comment whose confirmation mail has not gone yet. */
export async function listUnsentRequestsOfComment(db: Executor, commentId: number): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('comment_id', '=', commentId)
    .where('status', '=', 'requested')
    .where('confirmation_sent_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

export async function markConfirmationSent(db: Executor, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('subscriptions')
    .set({ confirmation_sent_at: toDbTime(now) })
    .where('id', 'in', [...ids])
    .execute();
}

export async function findSubscription(db: Executor, id: number): Promise<Subscription | undefined> {
  const row = await db.selectFrom('subscriptions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toSubscription(row);
}

/** Confirms a requested subscription; false when it was not waiting (already confirmed, or ended). */
export async function confirmSubscriptionRow(db: Executor, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ status: 'confirmed', confirmed_at: toDbTime(now) })
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a subscription, keeping the record of the consent it had; false when it had ended already. */
export async function unsubscribeRow(db: Executor, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ status: 'unsubscribed', unsubscribed_at: toDbTime(now) })
    .where('id', '=', id)
    .where('status', '<>', 'unsubscribed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Confirmed subscribers, with no address that refused mail for good. */
export async function listConfirmedSubscribers(
  db: Executor,
  filter: { kind: 'comments'; postId: number } | { kind: 'posts'; confirmedBy: Date },
  limit: number,
): Promise<Array<{ id: number; email: string }>> {
  let query = db
    .selectFrom('subscriptions')
    .select(['id', 'email'])
    .where('kind', '=', filter.kind)
    .where('status', '=', 'confirmed')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('mail_suppressions').select('email').whereRef('mail_suppressions.email', '=', 'subscriptions.email'))),
    );
  query = filter.kind === 'comments' ? query.where('post_id', '=', filter.postId) : query.where('confirmed_at', '<=', toDbTime(filter.confirmedBy));
  return query.orderBy('id').limit(limit).execute();
}

export async function listSubscriptionsByEmail(db: Executor, email: string, limit: number): Promise<Subscription[]> {
  const rows = await db.selectFrom('subscriptions').select(COLUMNS).where('email', '=', email.toLowerCase()).orderBy('id').limit(limit).execute();
  return rows.map(toSubscription);
}

export async function deleteSubscriptionsByEmail(db: Executor, email: string): Promise<number> {
  const result = await db.deleteFrom('subscriptions').where('email', '=', email.toLowerCase()).executeTakeFirst();
  await db.deleteFrom('mail_suppressions').where('email', '=', email.toLowerCase()).execute();
  return Number(result.numDeletedRows);
}

/** Records that an address refused mail for good; reader mail no longer goes to it. */
export async function suppressAddress(db: Executor, email: string, reason: string, now: Date): Promise<void> {
  await db
    .insertInto('mail_suppressions')
    .values({ email: email.toLowerCase(), reason, created_at: toDbTime(now) })
    .onConflict((oc) => oc.column('email').doUpdateSet({ reason, created_at: toDbTime(now) }))
    .execute();
}

/** Its owner clicked a confirmation link: the address receives mail, whatever it refused before. */
export async function liftSuppression(db: Executor, email: string): Promise<void> {
  await db.deleteFrom('mail_suppressions').where('email', '=', email.toLowerCase()).execute();
}

export async function isAddressSuppressed(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('mail_suppressions').select('email').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

/**
 * Marks a published comment or post as mailed about; true only for the one caller that marked it,
 * which then queues its mail in the same transaction. A comment approved again after being
 * taken back, or a post published again, is not announced twice.
 */
export async function claimMailCause(db: Executor, cause: 'comment' | 'post', refId: number, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('mail_causes')
    .values({ cause, ref_id: refId, created_at: toDbTime(now) })
    .onConflict((oc) => oc.columns(['cause', 'ref_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Posts that went live since `since` and that no process has mailed subscribers about, oldest first. */
export async function listUnmailedLivePosts(db: Executor, since: Date, now: Date, limit: number): Promise<Array<{ id: number; wentLiveAt: Date }>> {
  const rows = await db
    .selectFrom('posts')
    .select(['id', 'went_live_at'])
    .where('status', '=', 'published')
    .where('went_live_at', 'is not', null)
    .where('went_live_at', '>=', toDbTime(since))
    .where('published_at', '<=', toDbTime(now))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('mail_causes').select('ref_id').where('mail_causes.cause', '=', 'post').whereRef('mail_causes.ref_id', '=', 'posts.id'))),
    )
    .orderBy('went_live_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, wentLiveAt: fromDbTime(r.went_live_at as string) }));
}

/** What mail says about a post: its title, excerpt and where it lives. */
export interface PostForMail {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  authorId: number;
  publishedAt: Date | null;
}

export async function findPostForMail(db: Executor, id: number): Promise<PostForMail | undefined> {
  const row = await db.selectFrom('posts').select(['id', 'slug', 'title', 'excerpt', 'author_id', 'published_at']).where('id', '=', id).executeTakeFirst();
  return (
    row && {
      id: row.id,
      slug: row.slug,
      title: row.title,
      excerpt: row.excerpt,
      authorId: row.author_id,
      publishedAt: time(row.published_at),
    }
  );
}
