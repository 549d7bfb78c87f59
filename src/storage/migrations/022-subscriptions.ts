import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';
import type { Schema } from '../schema.ts';

/** Every kind of message the outbox holds from now on (domain/mail.ts MailKind). */
const MAIL_KINDS = [
  'password_reset',
  'invitation',
  'subscription_confirmation',
  'comment_follow_up',
  'new_post',
  'new_posts_digest',
  'comment_published',
  'comments_held',
];

/**
 * Mail readers ask for, and mail staff expect: subscriptions to an article's follow-up comments
 * and to new posts, each with the consent it was given by (when, for what, from which comment);
 * addresses that refused mail for good (a 5xx), which reader mail no longer goes to; and the
 * causes that were already mailed about, so a comment approved twice or a post published again
 * is never announced twice. The outbox is made again with the new kinds of message and the
 * one-click unsubscribe address its reader mail carries (SQLite cannot change a CHECK in place).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('outbox_next')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${sql.join(MAIL_KINDS.map((k) => sql.lit(k)))})`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    /** RFC 8058: the address a POST to which unsubscribes, for the List-Unsubscribe headers of reader mail. */
    .addColumn('unsubscribe_url', 'text')
    .execute();
  const columns = [
    'id',
    'kind',
    'recipient',
    'subject',
    'body_text',
    'message_id',
    'status',
    'attempts',
    'due_at',
    'claim_token',
    'last_error',
    'created_at',
    'sent_at',
  ];
  await db
    .insertInto('outbox_next' as never)
    .columns(columns as never)
    .expression((db as Kysely<Record<string, Record<string, unknown>>>).selectFrom('outbox').select(columns) as never)
    .execute();
  await db.schema.dropTable('outbox').execute();
  await db.schema.alterTable('outbox_next').renameTo('outbox').execute();
  await dialect.resetIdentity(db as unknown as Kysely<Schema>, 'outbox', 'id');
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'due_at']).execute();
  /** The queued digest of an address, and when it last had one. */
  await db.schema.createIndex('outbox_recipient_kind').on('outbox').columns(['recipient', 'kind', 'created_at']).execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    /** Lower case, as the reply form keeps it. */
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('comments', 'posts')`))
    /** The article whose follow-up comments are wanted; none for new posts. */
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('cascade'))
    /** The comment whose form asked for it. */
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested', 'confirmed', 'unsubscribed')`))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    /** When the confirmation mail was queued: only once the comment it came with was published. */
    .addColumn('confirmation_sent_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('unsubscribed_at', 'text')
    .execute();
  await db.schema.createIndex('subscriptions_email').on('subscriptions').columns(['email', 'kind']).execute();
  await db.schema.createIndex('subscriptions_post').on('subscriptions').columns(['post_id', 'status']).execute();
  await db.schema.createIndex('subscriptions_comment').on('subscriptions').column('comment_id').execute();
  await db.schema.createIndex('subscriptions_kind_status').on('subscriptions').columns(['kind', 'status']).execute();

  await db.schema
    .createTable('mail_suppressions')
    .addColumn('email', 'text', (c) => c.primaryKey())
    /** The server's answer that gave the message up. */
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mail_causes')
    /** 'comment' (a published comment's follow-ups and its author's notice) or 'post' (new post mail). */
    .addColumn('cause', 'text', (c) => c.notNull().check(sql`cause in ('comment', 'post')`))
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_causes_pk', ['cause', 'ref_id'])
    .execute();
}
