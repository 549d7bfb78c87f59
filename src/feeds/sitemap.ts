import { isoInZone } from '../domain/time-zone.ts';
import { serialize, textElement, xmlDocument } from './xml.ts';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** A sitemap index (sitemaps.org): the sitemaps a crawler should read. */
export function toSitemapIndex(sitemaps: ReadonlyArray<{ url: string; lastModified?: Date }>, timeZone = 'UTC'): string {
  const root = xmlDocument('sitemapindex', { xmlns: SITEMAP_NS });
  for (const sitemap of sitemaps) {
    const el = root.ele('sitemap');
    textElement(el, 'loc', sitemap.url);
    if (sitemap.lastModified) textElement(el, 'lastmod', isoInZone(sitemap.lastModified, timeZone));
  }
  return serialize(root);
}

/** A sitemap of pages, each last modified at a W3C datetime with the site's offset. */
export function toUrlSet(urls: ReadonlyArray<{ url: string; lastModified: Date }>, timeZone: string): string {
  const root = xmlDocument('urlset', { xmlns: SITEMAP_NS });
  for (const entry of urls) {
    const el = root.ele('url');
    textElement(el, 'loc', entry.url);
    textElement(el, 'lastmod', isoInZone(entry.lastModified, timeZone));
  }
  return serialize(root);
}

/** A Google News sitemap: each recent article with the publication's name and language. */
export function toNewsSitemap(
  publication: { name: string; language: string },
  articles: ReadonlyArray<{ url: string; title: string; published: Date }>,
  timeZone: string,
): string {
  const root = xmlDocument('urlset', { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS });
  for (const article of articles) {
    const url = root.ele('url');
    textElement(url, 'loc', article.url);
    const news = url.ele('news:news');
    const pub = news.ele('news:publication');
    textElement(pub, 'news:name', publication.name);
    textElement(pub, 'news:language', publication.language);
    textElement(news, 'news:publication_date', isoInZone(article.published, timeZone));
    textElement(news, 'news:title', article.title);
  }
  return serialize(root);
}
