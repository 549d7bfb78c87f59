/**
 * Newsroom roles, with WordPress's meaning: a contributor writes drafts but cannot publish; an
 * author publishes only their own posts; an editor publishes, edits and moderates everything;
 * an administrator also manages users and settings; the owner is the administrator who set the
 * site up, and cannot be demoted or removed by anyone else.
 */
export const ROLES = ['owner', 'administrator', 'editor', 'author', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  owner: 'Owner',
  administrator: 'Administrator',
  editor: 'Editor',
  author: 'Author',
  contributor: 'Contributor',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  /** The byline this user writes under. */
  authorId: number;
}

/** What a signed-in person may do that is not about one particular post. */
export type SiteAction = 'write' | 'publish' | 'edit_others' | 'moderate_comments' | 'manage_users' | 'manage_settings';

const RANK: Record<Role, number> = { contributor: 1, author: 2, editor: 3, administrator: 4, owner: 5 };

const LEAST_ROLE: Record<SiteAction, Role> = {
  write: 'contributor',
  publish: 'author',
  edit_others: 'editor',
  moderate_comments: 'editor',
  manage_users: 'administrator',
  manage_settings: 'administrator',
};

export function can(user: Pick<User, 'role'>, action: SiteAction): boolean {
  return RANK[user.role] >= RANK[LEAST_ROLE[action]];
}

/** Whether a user may change this post: their own always, anyone's from editor up. */
export function canEditPost(user: Pick<User, 'role' | 'authorId'>, post: { authorId: number }): boolean {
  return post.authorId === user.authorId || can(user, 'edit_others');
}

/**
 * Whether a user may publish, schedule or unpublish this post: authors their own, editors and
 * above anyone's, contributors never.
 */
export function canPublishPost(user: Pick<User, 'role' | 'authorId'>, post: { authorId: number }): boolean {
  return can(user, 'publish') && canEditPost(user, post);
}

/** Roles an administrator may give: any but owner; there is exactly one owner. */
export function assignableRoles(actor: Pick<User, 'role'>): Role[] {
  return can(actor, 'manage_users') ? ROLES.filter((r) => r !== 'owner') : [];
}

/** Whether `actor` may change `target`'s role or remove them: administrators, never the owner, never themselves. */
export function canManageUser(actor: Pick<User, 'id' | 'role'>, target: Pick<User, 'id' | 'role'>): boolean {
  return can(actor, 'manage_users') && target.role !== 'owner' && target.id !== actor.id;
}

/** Shortest password accepted: NIST SP 800-63B's minimum for a user-chosen secret. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest: argon2 takes any length, but a cap stops a megabyte "password" from costing a hash. */
export const MAX_PASSWORD_LENGTH = 256;

/** How long a signed-in session lasts without signing in again. */
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
/** How long a setup or invitation link works. */
export const SETUP_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Failed logins allowed for one account or one address within the window before it must wait. */
export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** How long a "Lost your password?" link works: long enough to open the mail, short enough that an old mailbox opens nothing. */
export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000;
/** Reset mails per address within the window: enough for a lost message or two, too few to flood a mailbox. */
export const RESET_REQUEST_LIMIT_PER_EMAIL = 3;
/** Reset requests from one IP address within the window, whatever addresses they name. */
export const RESET_REQUEST_LIMIT_PER_IP = 10;
export const RESET_REQUEST_WINDOW_MS = 60 * 60 * 1000;

/**
 * After `limit` events within `windowMs`, how long until the oldest one that counts leaves the
 * window, so the next attempt is allowed: a pause, never a permanent lockout.
 */
export function retryAfterMs(times: readonly Date[], now: Date, limit: number, windowMs: number): number {
  const windowStart = now.getTime() - windowMs;
  const recent = times.map((t) => t.getTime()).filter((t) => t > windowStart).sort((a, b) => b - a);
  if (recent.length < limit) return 0;
  // The attempt is allowed again once fewer than `limit` events remain in the window.
  const blocking = recent[limit - 1]!;
  return blocking + windowMs - now.getTime();
}

/** After too many failed logins for an account or address, how long until the next attempt is allowed. */
export function loginRetryAfterMs(failureTimes: readonly Date[], now: Date): number {
  return retryAfterMs(failureTimes, now, LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS);
}
