import { escapeHtml } from '../../content/comment-text.ts';
import { permalinkOf } from '../../domain/posts.ts';
import type { RestPost } from '../../services/rest.ts';
import { REST_ROOT } from './present-post.ts';

const CURIES = [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }];

/** The one type of content this API serves, as /wp/v2/types names it. */
export function presentTypes(origin: string) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  return {
    post: {
      description: '',
      hierarchical: false,
      has_archive: false,
      name: 'Posts',
      slug: 'post',
      icon: 'dashicons-admin-post',
      taxonomies: ['category', 'post_tag'],
      rest_base: 'posts',
      rest_namespace: 'wp/v2',
      _links: {
        collection: [{ href: `${api}/types` }],
        'wp:items': [{ href: `${api}/posts` }],
        curies: CURIES,
      },
    },
  };
}

/** Categories and tags, as /wp/v2/taxonomies names them (categories are flat here, but WordPress calls them hierarchical). */
export function presentTaxonomies(origin: string) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  const taxonomy = (slug: string, name: string, restBase: string, hierarchical: boolean) => ({
    name,
    slug,
    description: '',
    types: ['post'],
    hierarchical,
    rest_base: restBase,
    rest_namespace: 'wp/v2',
    _links: { collection: [{ href: `${api}/taxonomies` }], 'wp:items': [{ href: `${api}/${restBase}` }], curies: CURIES },
  });
  return { category: taxonomy('category', 'Categories', 'categories', true), post_tag: taxonomy('post_tag', 'Tags', 'tags', false) };
}

/**
 * The statuses a post can have, in WordPress's words: anonymous clients see only "publish", as
 * WordPress shows them; someone signed in also sees "future" and "draft".
 */
export function presentStatuses(origin: string, signedIn: boolean) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  const status = (slug: string, name: string, isPublic: boolean) => ({
    name,
    public: isPublic,
    queryable: isPublic,
    slug,
    date_floating: slug === 'draft',
    _links: { archives: [{ href: `${api}/posts?status=${slug}` }] },
  });
  return {
    publish: status('publish', 'Published', true),
    ...(signedIn ? { future: status('future', 'Scheduled', false), draft: status('draft', 'Draft', false) } : {}),
  };
}

/** A post as /wp/v2/search finds it. */
export function presentSearchResult(origin: string, post: RestPost) {
  const api = `${origin}${REST_ROOT}/wp/v2`;
  return {
    id: post.id,
    title: escapeHtml(post.title),
    url: `${origin}${permalinkOf(post)}`,
    type: 'post',
    subtype: 'post',
    _links: {
      self: [{ embeddable: true, href: `${api}/posts/${post.id}` }],
      about: [{ href: `${api}/types/post` }],
      collection: [{ href: `${api}/search` }],
    },
  };
}
