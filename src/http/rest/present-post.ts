import { escapeHtml } from '../../content/comment-text.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { isoInZone } from '../../domain/time-zone.ts';
import type { RestPost } from '../../services/rest.ts';
import type { RestEditablePost } from '../../services/rest-writes.ts';

/** The API's root under the site's origin, as WordPress's links name it. */
export const REST_ROOT = '/wp-json';

/**
 * A time as WordPress's REST API writes it: to the second, without an offset, in the site's local
 * time for `date` and `modified`, in UTC for `date_gmt` and `modified_gmt` (a time zone of 'UTC').
 */
export function restTime(at: Date, timeZone: string): string {
  return isoInZone(at, timeZone).slice(0, 19);
}

/** WordPress's `rendered` excerpt: the text as one paragraph. */
function renderedExcerpt(excerpt: string): string {
  return excerpt ? `<p>${escapeHtml(excerpt)}</p>\n` : '';
}

/**
 * A post as /wp-json/wp/v2/posts gives it: WordPress's fields for a reader (the "view" context),
 * and `sources`, Wirepress's own, naming the outlets the post draws on. Titles and excerpts are
 * plain text here and HTML in WordPress's `rendered`, so they are escaped into it.
 */
export function presentPost(origin: string, post: RestPost, timeZone: string) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  const categories = post.terms.filter((t) => t.kind === 'category').map((t) => t.id);
  const tags = post.terms.filter((t) => t.kind === 'tag').map((t) => t.id);
  return {
    id: post.id,
    date: restTime(post.publishedAt, timeZone),
    date_gmt: restTime(post.publishedAt, 'UTC'),
    guid: { rendered: `${origin}/?p=${post.id}` },
    modified: restTime(post.updatedAt, timeZone),
    modified_gmt: restTime(post.updatedAt, 'UTC'),
    slug: post.slug,
    status: 'publish',
    type: 'post',
    link: `${origin}${permalinkOf(post, timeZone)}`,
    title: { rendered: escapeHtml(post.title) },
    content: { rendered: post.bodyHtml as string, protected: false },
    excerpt: { rendered: renderedExcerpt(post.excerpt), protected: false },
    author: post.author.id,
    featured_media: post.featuredImage?.id ?? 0,
    comment_status: post.commentsOpen ? 'open' : 'closed',
    ping_status: 'closed',
    sticky: post.pinned,
    template: '',
    format: 'standard',
    meta: [],
    categories,
    tags,
    sources: post.sources.map((s) => ({
      name: s.source.name,
      slug: s.source.slug,
      url: s.url ?? s.source.homepageUrl,
      role: s.role,
      language: s.language,
    })),
    _links: {
      self: [{ href: `${api}/posts/${post.id}` }],
      collection: [{ href: `${api}/posts` }],
      about: [{ href: `${api}/types/post` }],
      author: [{ embeddable: true, href: `${api}/users/${post.author.id}` }],
      replies: [{ embeddable: true, href: `${api}/comments?post=${post.id}` }],
      ...(post.featuredImage ? { 'wp:featuredmedia': [{ embeddable: true, href: `${api}/media/${post.featuredImage.id}` }] } : {}),
      'wp:term': [
        { taxonomy: 'category', embeddable: true, href: `${api}/categories?post=${post.id}` },
        { taxonomy: 'post_tag', embeddable: true, href: `${api}/tags?post=${post.id}` },
      ],
      curies: [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }],
    },
  };
}

/**
 * A post as WordPress's edit view gives it to someone who may edit it: the view fields, the raw
 * text the editor holds beside each `rendered` one, and any status (draft, future, publish).
 */
export function presentEditablePost(origin: string, editable: RestEditablePost, timeZone: string) {
  const { post } = editable;
  const api = `${origin}${REST_ROOT}/wp/v2`;
  const date = post.publishedAt ?? editable.createdAt;
  const live = editable.status === 'publish' && post.publishedAt !== null;
  return {
    id: post.id,
    date: restTime(date, timeZone),
    date_gmt: post.publishedAt ? restTime(post.publishedAt, 'UTC') : null,
    guid: { rendered: `${origin}/?p=${post.id}`, raw: `${origin}/?p=${post.id}` },
    modified: restTime(post.updatedAt, timeZone),
    modified_gmt: restTime(post.updatedAt, 'UTC'),
    slug: post.draft.slug,
    status: editable.status,
    type: 'post',
    link: live ? `${origin}${permalinkOf({ slug: post.draft.slug, publishedAt: post.publishedAt! }, timeZone)}` : `${origin}/?p=${post.id}`,
    title: { raw: post.draft.title, rendered: escapeHtml(post.draft.title) },
    content: { raw: post.draft.bodyMarkdown, rendered: editable.bodyHtml as string, protected: false },
    excerpt: { raw: post.draft.excerpt, rendered: renderedExcerpt(post.draft.excerpt), protected: false },
    author: post.authorId,
    featured_media: post.featuredMediaId ?? 0,
    comment_status: post.draft.commentsOpen ? 'open' : 'closed',
    ping_status: 'closed',
    sticky: post.pinned,
    template: '',
    format: 'standard',
    meta: [],
    categories: editable.terms.filter((t) => t.kind === 'category').map((t) => t.id),
    tags: editable.terms.filter((t) => t.kind === 'tag').map((t) => t.id),
    sources: post.draft.sources.map((s) => ({ name: s.name, url: s.url, role: s.role, language: s.language })),
    _links: {
      self: [{ href: `${api}/posts/${post.id}` }],
      collection: [{ href: `${api}/posts` }],
      about: [{ href: `${api}/types/post` }],
      author: [{ embeddable: true, href: `${api}/users/${post.authorId}` }],
    },
  };
}
