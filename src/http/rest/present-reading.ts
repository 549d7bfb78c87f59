import { escapeHtml, renderCommentText } from '../../content/comment-text.ts';
import type { Comment, CommentStatus } from '../../domain/comments.ts';
import { permalinkOf } from '../../domain/posts.ts';
import type { Role, User } from '../../domain/users.ts';
import type { RestAuthor, RestComment, RestTerm } from '../../services/rest.ts';
import { REST_ROOT, restTime } from './present-post.ts';

const TAXONOMY = { category: 'category', tag: 'post_tag' } as const;
const COLLECTION = { category: 'categories', tag: 'tags' } as const;

/**
 * A category or tag as /wp-json/wp/v2/categories and /tags give it. Names are plain text here;
 * WordPress's are stored escaped, so they are escaped as it would give them.
 */
export function presentTerm(origin: string, term: RestTerm) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  return {
    id: term.id,
    count: term.count,
    description: '',
    link: `${origin}/${term.kind}/${encodeURIComponent(term.slug)}/`,
    name: escapeHtml(term.name),
    slug: term.slug,
    taxonomy: TAXONOMY[term.kind],
    // Wirepress categories are flat: every one is at the top, as tags always are.
    parent: 0,
    meta: [],
    _links: {
      self: [{ href: `${api}/${COLLECTION[term.kind]}/${term.id}` }],
      collection: [{ href: `${api}/${COLLECTION[term.kind]}` }],
      about: [{ href: `${api}/taxonomies/${TAXONOMY[term.kind]}` }],
      'wp:post_type': [{ href: `${api}/posts?${COLLECTION[term.kind]}=${term.id}` }],
      curies: [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }],
    },
  };
}

/** An author as /wp-json/wp/v2/users gives one to anonymous readers: a byline, nothing of an account. */
export function presentAuthor(origin: string, author: RestAuthor) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  return {
    id: author.id,
    name: escapeHtml(author.displayName),
    url: '',
    description: '',
    link: `${origin}/author/${encodeURIComponent(author.slug)}/`,
    slug: author.slug,
    avatar_urls: {},
    meta: [],
    _links: {
      self: [{ href: `${api}/users/${author.id}` }],
      collection: [{ href: `${api}/users` }],
    },
  };
}

/** An approved comment as /wp-json/wp/v2/comments gives it; never the commenter's email or address. */
export function presentComment(origin: string, comment: RestComment, timeZone: string) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  const postLink = `${origin}${permalinkOf(comment.post, timeZone)}`;
  return {
    id: comment.id,
    post: comment.postId,
    parent: comment.parentId ?? 0,
    author: 0,
    author_name: escapeHtml(comment.authorName),
    author_url: comment.authorUrl ?? '',
    date: restTime(comment.createdAt, timeZone),
    date_gmt: restTime(comment.createdAt, 'UTC'),
    content: { rendered: renderCommentText(comment.body) as string },
    link: `${postLink}#comment-${comment.id}`,
    status: 'approved',
    type: 'comment',
    author_avatar_urls: {},
    meta: [],
    _links: {
      self: [{ href: `${api}/comments/${comment.id}` }],
      collection: [{ href: `${api}/comments` }],
      up: [{ embeddable: true, post_type: 'post', href: `${api}/posts/${comment.postId}` }],
      ...(comment.parentId ? { 'in-reply-to': [{ embeddable: true, href: `${api}/comments/${comment.parentId}` }] } : {}),
    },
  };
}

/** WordPress's names for a comment's status. */
const COMMENT_STATUS_NAMES: Record<CommentStatus, string> = { pending: 'hold', approved: 'approved', spam: 'spam', trash: 'trash' };

/**
 * A comment as WordPress's edit view gives it to a moderator: any status, the raw text, and the
 * commenter's email and address, which only moderators see.
 */
export function presentModeratedComment(origin: string, comment: Comment, postPermalink: string | null, timeZone: string) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  return {
    id: comment.id,
    post: comment.postId,
    parent: comment.parentId ?? 0,
    author: 0,
    author_name: escapeHtml(comment.authorName),
    author_email: comment.authorEmail,
    author_ip: comment.authorIp ?? '',
    author_url: comment.authorUrl ?? '',
    author_user_agent: comment.userAgent ?? '',
    date: restTime(comment.createdAt, timeZone),
    date_gmt: restTime(comment.createdAt, 'UTC'),
    content: { raw: comment.body, rendered: renderCommentText(comment.body) as string },
    link: postPermalink ? `${origin}${postPermalink}#comment-${comment.id}` : `${origin}/?p=${comment.postId}#comment-${comment.id}`,
    status: COMMENT_STATUS_NAMES[comment.status],
    type: 'comment',
    author_avatar_urls: {},
    meta: [],
    _links: {
      self: [{ href: `${api}/comments/${comment.id}` }],
      collection: [{ href: `${api}/comments` }],
      up: [{ embeddable: true, post_type: 'post', href: `${api}/posts/${comment.postId}` }],
    },
  };
}

/** WordPress's role names: Wirepress's owner is an administrator who set the site up. */
const WORDPRESS_ROLES: Record<Role, string> = {
  owner: 'administrator',
  administrator: 'administrator',
  editor: 'editor',
  author: 'author',
  contributor: 'contributor',
};

/**
 * The signed-in client's own account as /users/me gives it: the public author fields (its
 * byline's id, which posts name as their author), and in the edit context its email, roles and
 * locale, as WordPress gives them to the user themselves.
 */
export function presentMe(origin: string, me: { author: RestAuthor; user: User; siteLanguage: string }, edit: boolean) {
  const shown = presentAuthor(origin, me.author);
  if (!edit) return shown;
  return {
    ...shown,
    username: me.user.email,
    email: me.user.email,
    name: escapeHtml(me.user.displayName),
    roles: [WORDPRESS_ROLES[me.user.role]],
    locale: me.user.language ?? me.siteLanguage,
    nickname: me.user.displayName,
  };
}
