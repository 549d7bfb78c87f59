import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Access to the REST API for software acting for a user: application passwords, each named by
 * its user, used over HTTP Basic and revoked by deleting it.
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
}
