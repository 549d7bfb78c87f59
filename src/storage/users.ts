import type { Role, User } from '../domain/users.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export const USER_COLUMNS = ['users.id', 'users.email', 'users.display_name', 'users.role', 'users.author_id', 'users.language'] as const;

interface UserRow {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  author_id: number;
  language: string | null;
}

export function toUser(row: UserRow): User {
  const user: User = { id: row.id, email: row.email, displayName: row.display_name, role: row.role, authorId: row.author_id };
  // Only a language chosen is carried: a user without one follows the site.
  if (row.language !== null) user.language = row.language;
  return user;
}

/** The language a user reads the admin in; null follows the site's. */
export async function updateUserLanguage(db: Executor, userId: number, language: string | null, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ language, updated_at: toDbTime(now) })
    .where('id', '=', userId)
    .execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Executor,
  user: { email: string; displayName: string; role: Role; authorId: number; passwordHash: string | null },
  now: Date,
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      author_id: user.authorId,
      password_hash: user.passwordHash,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUserById(db: Executor, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** A user and their password hash, for signing in; emails are stored lower-cased. */
export async function findUserForLogin(db: Executor, email: string): Promise<(User & { passwordHash: string | null; suspended: boolean }) | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'users.password_hash', 'users.suspended_at'])
    .where('email', '=', email)
    .executeTakeFirst();
  return row && { ...toUser(row), passwordHash: row.password_hash, suspended: row.suspended_at !== null };
}

export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('id').execute();
  return rows.map(toUser);
}

export async function updateUserPassword(db: Executor, userId: number, passwordHash: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: toDbTime(now) })
    .where('id', '=', userId)
    .execute();
}

export async function updateUserRole(db: Executor, userId: number, role: Role, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ role, updated_at: toDbTime(now) })
    .where('id', '=', userId)
    .execute();
}

/** Ids of users who have not chosen a password yet: their invitation can be sent again. */
export async function listUserIdsWithoutPassword(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('password_hash', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Whether the user has chosen a password. */
export async function userHasPassword(db: Executor, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash != null;
}

/** Ids of suspended users: they cannot sign in until reinstated. */
export async function listSuspendedUserIds(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('suspended_at', 'is not', null).execute();
  return rows.map((r) => r.id);
}

export async function setUserSuspended(db: Executor, userId: number, by: number | null, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ suspended_at: by === null ? null : toDbTime(now), suspended_by: by, updated_at: toDbTime(now) })
    .where('id', '=', userId)
    .execute();
}

export async function isUserSuspended(db: Executor, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').select('suspended_at').where('id', '=', userId).executeTakeFirst();
  return row?.suspended_at != null;
}

/** Users who may be given another user's posts: everyone not suspended, but that user. */
export async function listActiveUsersExcept(db: Executor, userId: number): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).where('id', '<>', userId).where('suspended_at', 'is', null).orderBy('id').execute();
  return rows.map(toUser);
}

export async function deleteUser(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

export async function insertUserRemoval(db: Executor, removal: { user: User; by: User; postsTo: User; postsMoved: number }, now: Date): Promise<void> {
  await db
    .insertInto('user_removals')
    .values({
      user_id: removal.user.id,
      email: removal.user.email,
      display_name: removal.user.displayName,
      removed_by_id: removal.by.id,
      removed_by_name: removal.by.displayName,
      posts_to_user_id: removal.postsTo.id,
      posts_moved: removal.postsMoved,
      removed_at: toDbTime(now),
    })
    .execute();
}

export interface UserRemoval {
  userId: number;
  email: string;
  displayName: string;
  removedById: number;
  removedByName: string;
  postsToUserId: number;
  postsMoved: number;
}

export async function listUserRemovals(db: Executor): Promise<UserRemoval[]> {
  const rows = await db.selectFrom('user_removals').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    displayName: r.display_name,
    removedById: r.removed_by_id,
    removedByName: r.removed_by_name,
    postsToUserId: r.posts_to_user_id,
    postsMoved: r.posts_moved,
  }));
}
