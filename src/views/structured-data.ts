import { raw } from 'hono/html';
import { permalinkOf, type Post } from '../domain/posts.ts';
import { creditedSources } from '../domain/sources.ts';
import type { SiteSettings } from '../domain/settings.ts';

/** What the site's Organization says of itself: its name, and its logo and profiles elsewhere when set. */
export interface PublisherFacts {
  title: string;
  logo?: { src: string; width: number; height: number };
  /** Profiles on other sites (http or https only, checked when saved). */
  sameAs?: readonly string[];
}

/** schema.org NewsMediaOrganization for the site: the publisher of every article. */
export function organizationJsonLd(site: PublisherFacts, origin: string): Record<string, unknown> {
  return {
    '@type': 'NewsMediaOrganization',
    name: site.title,
    url: new URL('/', origin).href,
    ...(site.logo ? { logo: { '@type': 'ImageObject', url: new URL(site.logo.src, origin).href, width: site.logo.width, height: site.logo.height } } : {}),
    ...(site.sameAs && site.sameAs.length > 0 ? { sameAs: [...site.sameAs] } : {}),
  };
}

/** schema.org NewsArticle for an article, as search engines and aggregators read it. */
export function newsArticleJsonLd(post: Post, site: Pick<SiteSettings, 'title'> & PublisherFacts, origin: string): Record<string, unknown> {
  const url = new URL(permalinkOf(post), origin).href;
  const credited = new Set(creditedSources(post.sources));
  const sourceRef = (s: Post['sources'][number]) => ({
    '@type': 'CreativeWork',
    ...(s.url ? { url: s.url } : {}),
    ...(s.language ? { inLanguage: s.language } : {}),
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: s.source.fullName ?? s.source.name,
      ...(s.source.homepageUrl ? { url: s.source.homepageUrl } : {}),
    },
  });
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: post.title,
    ...(post.excerpt ? { description: post.excerpt } : {}),
    datePublished: post.publishedAt.toISOString(),
    dateModified: (post.updatedAt > post.publishedAt ? post.updatedAt : post.publishedAt).toISOString(),
    author: [{ '@type': 'Person', name: post.author.displayName, url: new URL(`/author/${encodeURIComponent(post.author.slug)}/`, origin).href }],
    publisher: organizationJsonLd(site, origin),
    ...(post.image ? { image: [new URL(post.image.url, origin).href] } : {}),
    ...(post.terms.length > 0 ? { keywords: post.terms.map((t) => t.name) } : {}),
    articleSection: post.terms.filter((t) => t.kind === 'category').map((t) => t.name),
    wordCount: post.wordCount,
    isBasedOn: post.sources.filter((s) => credited.has(s)).map(sourceRef),
    citation: post.sources.filter((s) => !credited.has(s)).map(sourceRef),
  };
}

/**
 * JSON for a <script type="application/ld+json"> element. "<", ">" and "&" are written as
 * \u escapes, so text such as "</script>" in a headline cannot end the element early.
 */
export function jsonForScript(data: unknown) {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return raw(json);
}
