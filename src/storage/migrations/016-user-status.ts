import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * Users suspended or removed by an administrator. A suspended user keeps their account but can
 * neither sign in nor keep a session; a removed user is deleted, their posts moved to another
 * user, and the removal recorded here with the names as they were, since both users may be gone
 * later.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('suspended_at', 'text').execute();
  /** Who suspended them: an id only, kept even if that administrator is removed later. */
  await db.schema.alterTable('users').addColumn('suspended_by', 'integer').execute();

  await db.schema
    .createTable('user_removals')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('removed_by_id', 'integer', (c) => c.notNull())
    .addColumn('removed_by_name', 'text', (c) => c.notNull())
    .addColumn('posts_to_user_id', 'integer', (c) => c.notNull())
    .addColumn('posts_moved', 'integer', (c) => c.notNull())
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .execute();
}
