import { canManageUser, isRole, type Role, type User } from '../domain/users.ts';
import { DomainError } from '../domain/errors.ts';
import type { Db } from '../storage/db.ts';
import { findUserById, listUserIdsWithoutPassword, listUsers, updateUserRole } from '../storage/users.ts';

export function listAllUsers(db: Db): Promise<User[]> {
  return listUsers(db);
}

/** Invited users who have not chosen a password yet. */
export function listUsersAwaitingPassword(db: Db): Promise<number[]> {
  return listUserIdsWithoutPassword(db);
}

/** Gives a user another role; administrators only, never to or from owner, never one's own. */
export async function changeUserRole(db: Db, actor: User, targetId: number, role: string, now: Date): Promise<User> {
  const target = await findUserById(db, targetId);
  if (!target) throw new DomainError('not_found', 'User not found');
  if (!canManageUser(actor, target)) throw new DomainError('forbidden', 'You cannot change this user’s role.');
  if (!isRole(role) || role === 'owner') throw new DomainError('invalid', 'Unknown role', { role: 'Choose one of the roles listed.' });
  await updateUserRole(db, target.id, role as Exclude<Role, 'owner'>, now);
  return { ...target, role };
}
