import { escapeHtml } from '../../content/comment-text.ts';
import { type Page, pageHref } from '../../domain/pages.ts';
import { REST_ROOT, restTime } from './present-post.ts';

/**
 * A published page as /wp-json/wp/v2/pages gives it: WordPress's fields for a reader, with
 * `parent` (0 at the top) and `menu_order`. Pages have no excerpt here, so WordPress's is empty.
 */
export function presentPage(origin: string, page: Page, timeZone: string) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  const date = page.publishedAt ?? page.createdAt;
  const author = page.authorId ?? 0;
  return {
    id: page.id,
    date: restTime(date, timeZone),
    date_gmt: restTime(date, 'UTC'),
    guid: { rendered: `${origin}/?page_id=${page.id}` },
    modified: restTime(page.updatedAt, timeZone),
    modified_gmt: restTime(page.updatedAt, 'UTC'),
    slug: page.slug,
    status: 'publish',
    type: 'page',
    link: `${origin}${pageHref(page.path)}`,
    title: { rendered: escapeHtml(page.title) },
    content: { rendered: page.bodyHtml as string, protected: false },
    excerpt: { rendered: '', protected: false },
    author,
    featured_media: 0,
    parent: page.parentId ?? 0,
    menu_order: page.menuOrder,
    comment_status: page.commentsOpen ? 'open' : 'closed',
    ping_status: 'closed',
    template: '',
    meta: [],
    _links: {
      self: [{ href: `${api}/pages/${page.id}` }],
      collection: [{ href: `${api}/pages` }],
      about: [{ href: `${api}/types/page` }],
      ...(author ? { author: [{ embeddable: true, href: `${api}/users/${author}` }] } : {}),
      ...(page.parentId ? { up: [{ embeddable: true, href: `${api}/pages/${page.parentId}` }] } : {}),
      curies: [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }],
    },
  };
}

/** A page as WordPress's edit view gives it to someone who may write pages: any status, the raw text beside the rendered. */
export function presentEditablePage(origin: string, page: Page, timeZone: string) {
  const shown = presentPage(origin, page, timeZone);
  const live = page.status === 'published';
  return {
    ...shown,
    date_gmt: page.publishedAt ? shown.date_gmt : null,
    status: live ? 'publish' : 'draft',
    link: live ? shown.link : `${origin}/?page_id=${page.id}`,
    title: { raw: page.title, rendered: shown.title.rendered },
    content: { raw: page.bodyMarkdown, rendered: shown.content.rendered, protected: false },
  };
}
