import { escapeHtml } from '../../content/comment-text.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { isoInZone } from '../../domain/time-zone.ts';
import type { RestPost } from '../../services/rest.ts';

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
    featured_media: 0,
    comment_status: post.commentsOpen ? 'open' : 'closed',
    ping_status: 'closed',
    sticky: false,
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
      'wp:term': [
        { taxonomy: 'category', embeddable: true, href: `${api}/categories?post=${post.id}` },
        { taxonomy: 'post_tag', embeddable: true, href: `${api}/tags?post=${post.id}` },
      ],
      curies: [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }],
    },
  };
}
