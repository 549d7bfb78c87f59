import { isoInZone } from '../domain/time-zone.ts';
import { GENERATOR, type Feed } from './feed.ts';
import { serialize, textElement, xmlDocument } from './xml.ts';

/** Atom 1.0 (RFC 4287), dates as RFC 3339 with the site's offset. Every entry has an author, so the feed itself needs none. */
export function toAtom(feed: Feed): string {
  const root = xmlDocument('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': feed.language });
  textElement(root, 'title', feed.title, { type: 'text' });
  textElement(root, 'subtitle', feed.description, { type: 'text' });
  textElement(root, 'id', feed.feedUrl);
  root.ele('link', { rel: 'alternate', type: 'text/html', href: feed.homeUrl });
  root.ele('link', { rel: 'self', type: 'application/atom+xml', href: feed.feedUrl });
  textElement(root, 'updated', isoInZone(feed.updated, feed.timeZone));
  textElement(root, 'generator', GENERATOR);
  for (const item of feed.items) {
    const entry = root.ele('entry');
    textElement(entry, 'title', item.title, { type: 'text' });
    textElement(entry, 'id', item.url);
    entry.ele('link', { rel: 'alternate', type: 'text/html', href: item.url });
    if (item.image) entry.ele('link', { rel: 'enclosure', type: 'image/jpeg', href: item.image.url });
    textElement(entry, 'published', isoInZone(item.published, feed.timeZone));
    textElement(entry, 'updated', isoInZone(item.updated, feed.timeZone));
    const author = entry.ele('author');
    textElement(author, 'name', item.author.name);
    if (item.author.url) textElement(author, 'uri', item.author.url);
    for (const category of item.categories) entry.ele('category', { term: category });
    if (item.summary !== undefined) textElement(entry, 'summary', item.summary, { type: 'text' });
    textElement(entry, 'content', item.contentHtml, { type: 'html' });
  }
  return serialize(root);
}
