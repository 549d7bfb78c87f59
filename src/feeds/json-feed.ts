import { isoInZone } from '../domain/time-zone.ts';
import type { Feed } from './feed.ts';

/** jsonfeed.org/version/1.1: the version every reader checks first. */
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/** JSON Feed 1.1, the structure as the specification names its fields; JSON.stringify escapes. */
export function toJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrl,
    description: feed.description,
    language: feed.language,
    items: feed.items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.title,
      content_html: item.contentHtml,
      ...(item.summary !== undefined ? { summary: item.summary } : {}),
      date_published: isoInZone(item.published, feed.timeZone),
      date_modified: isoInZone(item.updated, feed.timeZone),
      authors: [item.author.url ? { name: item.author.name, url: item.author.url } : { name: item.author.name }],
      ...(item.categories.length > 0 ? { tags: item.categories } : {}),
      ...(item.image ? { image: item.image.url } : {}),
    })),
  });
}
