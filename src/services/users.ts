import { canManageUser, isRole, type Role, type User } from '../domain/users.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { DomainError } from '../domain/errors.ts';
import { deleteLinksOfUser, deleteSessionsOfUser, voidPasswordResetsOfUser, voidSetupTokensOfUser } from '../storage/accounts.ts';
import { changeContent } from '../storage/changes.ts';
import type { Db, Executor } from '../storage/db.ts';
import { moveAllPostsOfAuthor } from '../storage/post-editor.ts';
import {
  deleteUser,
  findUserById,
  insertUserRemoval,
  isUserSuspended,
  listActiveUsersExcept,
  listSuspendedUserIds,
  listUserIdsWithoutPassword,
  listUsers,
  setUserSuspended,
  updateUserLanguage,
  updateUserRole,
} from '../storage/users.ts';
import { isLanguage } from '../i18n/messages.ts';

export function listAllUsers(db: Db): Promise<User[]> {
  return listUsers(db);
}

export function findUser(db: Db, id: number): Promise<User | undefined> {
  return findUserById(db, id);
}

/** Invited users who have not chosen a password yet. */
export function listUsersAwaitingPassword(db: Db): Promise<number[]> {
  return listUserIdsWithoutPassword(db);
}

/** Suspended users, who cannot sign in until reinstated. */
export function listSuspendedUsers(db: Db): Promise<number[]> {
  return listSuspendedUserIds(db);
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

async function manageableTarget(tx: Executor, actor: User, targetId: number, refusal: string): Promise<User> {
  const target = await findUserById(tx, targetId);
  if (!target) throw new DomainError('not_found', 'User not found');
  if (!canManageUser(actor, target)) throw new DomainError('forbidden', refusal);
  return target;
}

/**
 * Suspends a user: their sessions end at once and their setup and reset links are spent, so
 * nothing they hold opens the admin until they are reinstated.
 */
export async function suspendUser(db: Db, actor: User, targetId: number, now: Date): Promise<User> {
  return db.transaction().execute(async (tx) => {
    const target = await manageableTarget(tx, actor, targetId, 'You cannot suspend this user.');
    await setUserSuspended(tx, target.id, actor.id, now);
    await deleteSessionsOfUser(tx, target.id);
    await voidSetupTokensOfUser(tx, target.id, now);
    await voidPasswordResetsOfUser(tx, target.id, now);
    return target;
  });
}

/** Lets a suspended user sign in again, with the password they had. */
export async function reinstateUser(db: Db, actor: User, targetId: number, now: Date): Promise<User> {
  return db.transaction().execute(async (tx) => {
    const target = await manageableTarget(tx, actor, targetId, 'You cannot reinstate this user.');
    await setUserSuspended(tx, target.id, null, now);
    return target;
  });
}

/** Who may be given the posts of a user about to be removed: everyone else not suspended. */
export function listPostHeirs(db: Db, userId: number): Promise<User[]> {
  return listActiveUsersExcept(db, userId);
}

/**
 * Removes a user: their posts go to `postsToId` (another user, not suspended), and in the same
 * transaction their sessions and setup and reset links are deleted, the user too, and the
 * removal recorded with who did it. Their byline stays, without posts, so old links to it
 * do not break.
 */
export async function removeUser(
  db: Db,
  actor: User,
  targetId: number,
  postsToId: number,
  now: Date,
): Promise<{ user: User; postsTo: User; postsMoved: number }> {
  return changeContent(db, now, async (tx, pagesChanged) => {
    const target = await manageableTarget(tx, actor, targetId, 'You cannot remove this user.');
    const heir = postsToId === target.id ? undefined : await findUserById(tx, postsToId);
    if (!heir || (await isUserSuspended(tx, heir.id)))
      throw new DomainError('invalid', 'Choose who gets the posts', { postsTo: 'Choose one of the users listed to receive the posts.' });
    const postsMoved = await moveAllPostsOfAuthor(tx, target.authorId, heir.authorId);
    await deleteSessionsOfUser(tx, target.id);
    await deleteLinksOfUser(tx, target.id);
    await deleteUser(tx, target.id);
    await insertUserRemoval(tx, { user: target, by: actor, postsTo: heir, postsMoved }, now);
    // Bylines appear on post pages, lists and feeds alike.
    if (postsMoved > 0) pagesChanged([EVERY_PAGE]);
    return { user: target, postsTo: heir, postsMoved };
  });
}

/** The language a user reads the admin in: a catalogue's code, or null for the site's language. */
export async function setOwnLanguage(db: Db, user: User, language: string | null, now: Date): Promise<void> {
  // The form has checked it already; this is the last line.
  if (language !== null && !isLanguage(language)) throw new DomainError('invalid', `There is no catalogue for the language ${language}.`);
  await updateUserLanguage(db, user.id, language, now);
}
