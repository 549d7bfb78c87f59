import { DomainError } from './errors.ts';

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** WordPress's default for "Enable threaded (nested) comments N levels deep". */
export const MAX_THREAD_DEPTH = 5;

/** The thread depths a site may choose: WordPress offers 2 to 10 (1 would be no threading at all). */
export const THREAD_DEPTH_RANGE = { min: 2, max: 10 } as const;

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
  /** Erased on the commenter's request: shown as a deleted comment, keeping its replies in place. */
  erased: boolean;
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
  /** WordPress's "Comment Moderation" words: a comment containing any is held. */
  moderationKeys: readonly string[];
  /** WordPress's "Disallowed Comment Keys": a comment containing any goes to spam. */
  disallowedKeys: readonly string[];
  /** Close comments on posts published more than this many days ago; 0 never closes them. */
  closeAfterDays: number;
  /** How deep replies may nest (a top-level comment is level 1). */
  threadDepth: number;
}

export const DEFAULT_DISCUSSION_RULES: DiscussionRules = {
  manualApproval: false,
  requirePreviouslyApproved: true,
  maxLinks: DEFAULT_MAX_LINKS,
  moderationKeys: [],
  disallowedKeys: [],
  closeAfterDays: 0,
  threadDepth: MAX_THREAD_DEPTH,
};

/** What the word lists are matched against, as WordPress does: everything the commenter sent. */
export interface ModeratedFields {
  body: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  authorIp: string | null;
  userAgent?: string | null;
}

export interface ModerationInput {
  linkCount: number;
  authorHasApprovedComment: boolean;
  /** Needed for the word lists; without it they are not applied. */
  fields?: ModeratedFields;
}

export interface ModerationDecision {
  status: 'pending' | 'approved' | 'spam';
  reasons: string[];
}

/** A word list as an operator types it: one word or phrase per line, blank lines ignored. */
export function parseWordList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n|\r/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0),
    ),
  ];
}

/**
 * The first word of the list found in any of the fields, as WordPress matches its moderation and
 * disallowed lists: a case-insensitive substring match.
 */
export function findListedWord(words: readonly string[], fields: ModeratedFields): string | undefined {
  const haystacks = [fields.body, fields.authorName, fields.authorEmail, fields.authorUrl ?? '', fields.authorIp ?? '', fields.userAgent ?? ''].map((f) =>
    f.toLocaleLowerCase('en'),
  );
  return words.find((word) => {
    const needle = word.trim().toLocaleLowerCase('en');
    return needle.length > 0 && haystacks.some((h) => h.includes(needle));
  });
}

/**
 * WordPress's wp_allow_comment(): a comment with a disallowed word goes to spam; otherwise
 * check_comment()'s rules may hold it for a moderator.
 */
export function decideModeration(input: ModerationInput, rules: DiscussionRules): ModerationDecision {
  const disallowed = input.fields && findListedWord(rules.disallowedKeys, input.fields);
  if (disallowed !== undefined) return { status: 'spam', reasons: [`it contains the disallowed word “${disallowed}”`] };
  const reasons: string[] = [];
  if (rules.manualApproval) reasons.push('every comment is approved by hand');
  if (rules.maxLinks > 0 && input.linkCount >= rules.maxLinks) {
    reasons.push(`it has ${input.linkCount} links (a comment with ${rules.maxLinks} or more is held)`);
  }
  const moderated = input.fields && findListedWord(rules.moderationKeys, input.fields);
  if (moderated !== undefined) reasons.push(`it contains the moderation word “${moderated}”`);
  if (rules.requirePreviouslyApproved && !input.authorHasApprovedComment) {
    reasons.push('its author has no approved comment yet');
  }
  return { status: reasons.length > 0 ? 'pending' : 'approved', reasons };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether readers may comment on a post now: its own switch, and WordPress's "Automatically close
 * comments on posts older than N days", counted from publication.
 */
export function commentsAreOpen(post: { commentsOpen: boolean; publishedAt: Date }, rules: Pick<DiscussionRules, 'closeAfterDays'>, now: Date): boolean {
  if (!post.commentsOpen) return false;
  if (rules.closeAfterDays <= 0) return true;
  return now.getTime() - post.publishedAt.getTime() <= rules.closeAfterDays * DAY_MS;
}

export const MODERATION_ACTIONS = ['approve', 'unapprove', 'spam', 'not_spam', 'trash', 'restore'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export function isModerationAction(value: unknown): value is ModerationAction {
  return typeof value === 'string' && (MODERATION_ACTIONS as readonly string[]).includes(value);
}

/**
 * The status a moderator's action moves a comment to, or undefined when it does not apply to the
 * comment's status (restoring a comment that is not in the trash). "Not spam" and "restore" put a
 * comment back where it was before it was marked (`previous`), as WordPress does, or in the queue
 * when that is unknown or was itself spam or trash.
 */
export function moderationTarget(action: ModerationAction, current: CommentStatus, previous: CommentStatus | null): CommentStatus | undefined {
  const back = previous === 'approved' || previous === 'pending' ? previous : 'pending';
  switch (action) {
    case 'approve':
      return 'approved';
    case 'unapprove':
      return current === 'approved' ? 'pending' : undefined;
    case 'spam':
      return 'spam';
    case 'trash':
      return 'trash';
    case 'not_spam':
      return current === 'spam' ? back : undefined;
    case 'restore':
      return current === 'trash' ? back : undefined;
  }
}

/**
 * Depth of a new reply, given the chain of its ancestors' depth (a top-level comment has depth 1).
 * Throws when the reply would be nested deeper than the site allows.
 */
export function replyDepth(parentDepth: number | null, maxDepth = MAX_THREAD_DEPTH): number {
  const depth = parentDepth === null ? 1 : parentDepth + 1;
  if (depth > maxDepth) {
    throw new DomainError('invalid', 'This conversation is nested as deep as it can go; reply further up the thread.', {
      comment_parent: `Replies can be nested at most ${maxDepth} levels deep.`,
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

/**
 * Top-level comments (each with every reply under it) per page of an article's comments, as
 * WordPress pages them (`/comment-page-2/`). WordPress's default is 50; this keeps a story's
 * discussion on one page until it is far busier than most ever get, and bounds what one page
 * render costs when it is (a thousand comments were 1 MB of HTML and 13 ms to render).
 */
export const COMMENT_THREADS_PER_PAGE = 200;

/** The address of a page of an article's comments: the article itself for the first. */
export function commentPagePath(articlePath: string, page: number): string {
  return page > 1 ? `${articlePath}comment-page-${page}/` : articlePath;
}

export interface CommentPages {
  /** The page each shown comment is on, by id; replies whose parent is not shown are not here. */
  pageOf: Map<number, number>;
  /** At least 1, for a post without comments. */
  pageCount: number;
  /** Comments shown, over every page. */
  shownCount: number;
}

/**
 * Lays a post's approved comments (oldest first) out on pages: the oldest threads first,
 * `threadsPerPage` top-level comments a page, each reply on its thread's page. A reply whose
 * parent is not shown is not shown either, as in threadComments.
 */
export function layOutCommentPages(comments: ReadonlyArray<{ id: number; parentId: number | null }>, threadsPerPage: number): CommentPages {
  const pageOf = new Map<number, number>();
  let threads = 0;
  for (const comment of comments) {
    if (comment.parentId === null) {
      pageOf.set(comment.id, Math.floor(threads / threadsPerPage) + 1);
      threads += 1;
      continue;
    }
    const parentPage = pageOf.get(comment.parentId);
    if (parentPage !== undefined) pageOf.set(comment.id, parentPage);
  }
  return { pageOf, pageCount: Math.max(1, Math.ceil(threads / threadsPerPage)), shownCount: pageOf.size };
}

export function findInThread<C extends PublicComment>(nodes: readonly CommentNode<C>[], id: number): CommentNode<C> | undefined {
  for (const node of nodes) {
    if (node.comment.id === id) return node;
    const found = findInThread(node.replies, id);
    if (found) return found;
  }
  return undefined;
}
