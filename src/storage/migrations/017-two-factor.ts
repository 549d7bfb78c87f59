import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Two-factor sign-in with an authenticator app (TOTP): the user's secret, the one-time recovery
 * codes, and the sign-ins that have passed the password and wait for a code.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  /**
   * Base32, as the authenticator app holds it. A code can only be checked against the secret
   * itself, so it cannot be hashed like a password: what protects it is access to the database
   * and its backups, as for the rest of the accounts. It is shown once, while being set up, and
   * never again; alone it opens nothing, since signing in still needs the password.
   */
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  /** Null while a secret is being set up (or none is): two-factor sign-in is on once a first code confirms it. */
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
  /** The 30-second step of the last code accepted: a code seen once is not accepted again. */
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** SHA-256 of the code: 50 random bits each, so a hash this fast is enough, and the database alone signs nobody in. */
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_user_id').on('recovery_codes').column('user_id').execute();

  await db.schema
    .createTable('two_factor_challenges')
    /** SHA-256 of the short-lived cookie's token, like sessions. */
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('two_factor_challenges_user_id').on('two_factor_challenges').column('user_id').execute();
}
