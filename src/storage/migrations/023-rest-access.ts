import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Access to the REST API for software acting for a user: application passwords, each named by
 * its user, used over HTTP Basic and revoked by deleting it. And webhooks: the addresses told
 * of changes, and each delivery, queued in the same transaction as its change.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('application_passwords')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    /** Removing a user deletes their application passwords with them. */
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /**
     * SHA-256 of the password: 24 random characters from 62 (142 bits) that nobody chose, so no
     * dictionary or brute force reaches one and a slow hash would buy nothing but a cost on
     * every API request. The database alone opens nothing.
     */
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** The last request it opened, and from where, as the profile page shows them. */
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_ip', 'text')
    .execute();
  await db.schema.createIndex('application_passwords_user_id').on('application_passwords').column('user_id').execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('url', 'text', (c) => c.notNull())
    /** Comma-separated event names (domain/webhooks.ts). */
    .addColumn('events', 'text', (c) => c.notNull())
    /** The key deliveries are signed with; the receiver holds it too, so it is kept as is, like the TOTP secret. */
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    /** The JSON body sent, fixed when the change was made. */
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** Tried once this time has come; a claim moves it on by the lease, so a crashed sender's claim runs out. */
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text')
    /** The receiver's last HTTP status, or null when it could not be reached. */
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('webhook_deliveries_endpoint_id').on('webhook_deliveries').column('endpoint_id').execute();
}
