import { raw } from 'hono/html';
import { creditLine, sharePath, variantPath, variantWidths } from '../domain/media.ts';
import { permalinkOf, type Post } from '../domain/posts.ts';
import { creditedSources } from '../domain/sources.ts';
import type { SiteSettings } from '../domain/settings.ts';
import { isoInZone } from '../domain/time-zone.ts';

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
export function newsArticleJsonLd(post: Post, site: Pick<SiteSettings, 'title' | 'timezone'> & PublisherFacts, origin: string): Record<string, unknown> {
  const url = new URL(permalinkOf(post, site.timezone), origin).href;
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
    // With the site's offset, as the newsroom dated it; the instant is the same.
    datePublished: isoInZone(post.publishedAt, site.timezone),
    dateModified: isoInZone(post.updatedAt > post.publishedAt ? post.updatedAt : post.publishedAt, site.timezone),
    author: [{ '@type': 'Person', name: post.author.displayName, url: new URL(`/author/${encodeURIComponent(post.author.slug)}/`, origin).href }],
    publisher: organizationJsonLd(site, origin),
    ...(post.featuredImage ? { image: featuredImageJsonLd(post.featuredImage, origin) } : post.image ? { image: [new URL(post.image.url, origin).href] } : {}),
    ...(post.terms.length > 0 ? { keywords: post.terms.map((t) => t.name) } : {}),
    articleSection: post.terms.filter((t) => t.kind === 'category').map((t) => t.name),
    wordCount: post.wordCount,
    isBasedOn: post.sources.filter((s) => credited.has(s)).map(sourceRef),
    citation: post.sources.filter((s) => !credited.has(s)).map(sourceRef),
  };
}

/** The featured image as schema.org ImageObjects: the largest size, and the 1200×630 share crop, each with its credit. */
function featuredImageJsonLd(image: NonNullable<Post['featuredImage']>, origin: string): Array<Record<string, unknown>> {
  const widest = variantWidths(image.width).at(-1) ?? image.width;
  const credit = creditLine(image.credit);
  const common = {
    '@type': 'ImageObject',
    ...(image.alt ? { description: image.alt } : {}),
    ...(image.caption ? { caption: image.caption } : {}),
    ...(credit ? { creditText: credit } : {}),
  };
  return [
    { ...common, url: new URL(variantPath(image, widest, 'jpeg'), origin).href, width: widest, height: Math.round((image.height * widest) / image.width) },
    { ...common, url: new URL(sharePath(image), origin).href, width: 1200, height: 630 },
  ];
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
