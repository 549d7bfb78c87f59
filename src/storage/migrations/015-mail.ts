import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Mail: the outbox every message is written to in the same transaction as its cause, and
 * delivered from by a job (services/outbox.ts); one-time links to choose a new password, stored
 * hashed like setup links; and requests for them, for throttling.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('password_reset', 'invitation')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    /** Emptied once the message is sent or given up: it may hold a live one-time link. */
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** A queued message is tried once this time has come; a claim moves it on by the lease, so a crashed sender's claim runs out. */
    .addColumn('due_at', 'text', (c) => c.notNull())
    /** Set by the sender that holds the message; only that sender may record the outcome. */
    .addColumn('claim_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('password_resets')
    /** SHA-256 of the link's token: the database alone resets no password. */
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user_id').on('password_resets').column('user_id').execute();

  await db.schema
    .createTable('password_reset_requests')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_reset_requests_email').on('password_reset_requests').columns(['email', 'created_at']).execute();
  await db.schema.createIndex('password_reset_requests_ip').on('password_reset_requests').columns(['ip', 'created_at']).execute();
}
