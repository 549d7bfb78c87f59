import type { Role, User } from '../domain/users.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export const USER_COLUMNS = ['users.id', 'users.email', 'users.display_name', 'users.role', 'users.author_id'] as const;

interface UserRow {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  author_id: number;
}

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, authorId: row.author_id };
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
export async function findUserForLogin(db: Executor, email: string): Promise<(User & { passwordHash: string | null }) | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'users.password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  return row && { ...toUser(row), passwordHash: row.password_hash };
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
