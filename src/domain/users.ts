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
  /** The language this user reads the admin in; null or absent: the site's. */
  language?: string | null;
}

/** What a signed-in person may do that is not about one particular post. */
export type SiteAction = 'write' | 'publish' | 'edit_others' | 'pin_posts' | 'moderate_comments' | 'manage_pages' | 'manage_users' | 'manage_settings';

const RANK: Record<Role, number> = { contributor: 1, author: 2, editor: 3, administrator: 4, owner: 5 };

const LEAST_ROLE: Record<SiteAction, Role> = {
  write: 'contributor',
  publish: 'author',
  edit_others: 'editor',
  /** What leads the home page is the desk's call, not a byline's. */
  pin_posts: 'editor',
  moderate_comments: 'editor',
  /** Static pages and the menus: the site's own voice, which an editor answers for. */
  manage_pages: 'editor',
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
