import { DomainError } from './errors.ts';

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** WordPress's default for "Enable threaded (nested) comments N levels deep". */
export const MAX_THREAD_DEPTH = 5;

/** WordPress's default comment_max_links: hold a comment with this many links or more. */
export const DEFAULT_MAX_LINKS = 2;

/** What readers may see of a comment. The email address and network address are not here on purpose. */
export interface PublicComment {
  id: number;
  postId: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  createdAt: Date;
}

/** What moderators see. */
export interface Comment extends PublicComment {
  authorEmail: string;
  authorIp: string | null;
  userAgent: string | null;
  status: CommentStatus;
}

export interface NewComment {
  postId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  authorIp: string | null;
  userAgent: string | null;
}

export interface DiscussionRules {
  /** "Comment must be manually approved". */
  manualApproval: boolean;
  /** "Comment author must have a previously approved comment". */
  requirePreviouslyApproved: boolean;
  /** Hold a comment with at least this many links; 0 turns the rule off. */
  maxLinks: number;
}

export const DEFAULT_DISCUSSION_RULES: DiscussionRules = {
  manualApproval: false,
  requirePreviouslyApproved: true,
  maxLinks: DEFAULT_MAX_LINKS,
};

export interface ModerationInput {
  linkCount: number;
  authorHasApprovedComment: boolean;
}

export interface ModerationDecision {
  status: 'pending' | 'approved';
  reasons: string[];
}

/** WordPress's check_comment(): the rules that hold a new comment for a moderator. */
export function decideModeration(input: ModerationInput, rules: DiscussionRules): ModerationDecision {
  const reasons: string[] = [];
  if (rules.manualApproval) reasons.push('every comment is approved by hand');
  if (rules.maxLinks > 0 && input.linkCount >= rules.maxLinks) {
    reasons.push(`it has ${input.linkCount} links (a comment with ${rules.maxLinks} or more is held)`);
  }
  if (rules.requirePreviouslyApproved && !input.authorHasApprovedComment) {
    reasons.push('its author has no approved comment yet');
  }
  return { status: reasons.length > 0 ? 'pending' : 'approved', reasons };
}

/**
 * Depth of a new reply, given the chain of its ancestors' depth (a top-level comment has depth 1).
 * Throws when the reply would be nested deeper than the site allows.
 */
export function replyDepth(parentDepth: number | null, maxDepth = MAX_THREAD_DEPTH): number {
  const depth = parentDepth === null ? 1 : parentDepth + 1;
  if (depth > maxDepth) {
    throw new DomainError('invalid', 'This conversation is nested as deep as it can go; reply further up the thread.', {
      comment_parent: 'Replies can be nested at most ' + maxDepth + ' levels deep.',
    });
  }
  return depth;
}

export interface CommentNode<C extends PublicComment = PublicComment> {
  comment: C;
  depth: number;
  replies: CommentNode<C>[];
}

/**
 * Threads a flat, oldest-first list into trees. A reply whose parent is not in the list (held,
 * spam or trashed) is not shown either: it answers something the reader cannot see.
 */
export function threadComments<C extends PublicComment>(comments: readonly C[]): CommentNode<C>[] {
  const nodes = new Map<number, CommentNode<C>>();
  const roots: CommentNode<C>[] = [];
  for (const comment of comments) {
    const parent = comment.parentId === null ? undefined : nodes.get(comment.parentId);
    if (comment.parentId !== null && parent === undefined) continue;
    const node: CommentNode<C> = { comment, depth: parent ? parent.depth + 1 : 1, replies: [] };
    nodes.set(comment.id, node);
    (parent ? parent.replies : roots).push(node);
  }
  return roots;
}

export function findInThread<C extends PublicComment>(nodes: readonly CommentNode<C>[], id: number): CommentNode<C> | undefined {
  for (const node of nodes) {
    if (node.comment.id === id) return node;
    const found = findInThread(node.replies, id);
    if (found) return found;
  }
  return undefined;
}
