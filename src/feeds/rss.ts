import { escapeHtml } from '../content/comment-text.ts';
import { isoInZone, rfc822InZone } from '../domain/time-zone.ts';
import { GENERATOR, type Feed } from './feed.ts';
import { serialize, textElement, xmlDocument } from './xml.ts';

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  media: 'http://search.yahoo.com/mrss/',
};

/**
 * RSS 2.0 (rssboard.org/rss-specification) as WordPress writes it: the excerpt in
 * <description> (as HTML, as readers take it), the whole article in content:encoded, the
 * byline in dc:creator (RSS's own <author> wants an email address, which we do not publish),
 * and the self link readers need.
 * RSS has no element for an item's last edit; dcterms:modified carries it. Dates are in the
 * site's local time with its numeric offset (RFC 822 allows "+0300"; WordPress writes them so too).
 */
export function toRss(feed: Feed): string {
  const rss = xmlDocument('rss', {
    version: '2.0',
    'xmlns:atom': NS.atom,
    'xmlns:content': NS.content,
    'xmlns:dc': NS.dc,
    'xmlns:dcterms': NS.dcterms,
    'xmlns:media': NS.media,
  });
  const channel = rss.ele('channel');
  textElement(channel, 'title', feed.title);
  textElement(channel, 'link', feed.homeUrl);
  textElement(channel, 'description', feed.description);
  channel.ele('atom:link', { href: feed.feedUrl, rel: 'self', type: 'application/rss+xml' });
  textElement(channel, 'language', feed.language);
  textElement(channel, 'lastBuildDate', rfc822InZone(feed.updated, feed.timeZone));
  textElement(channel, 'generator', GENERATOR);
  for (const item of feed.items) {
    const el = channel.ele('item');
    textElement(el, 'title', item.title);
    textElement(el, 'link', item.url);
    textElement(el, 'guid', item.url, { isPermaLink: 'true' });
    textElement(el, 'dc:creator', item.author.name);
    textElement(el, 'pubDate', rfc822InZone(item.published, feed.timeZone));
    textElement(el, 'dcterms:modified', isoInZone(item.updated, feed.timeZone));
    for (const category of item.categories) textElement(el, 'category', category);
    // Readers take an item's description as HTML; the summary is plain text, so it is escaped
    // as HTML first (and then, like every value, as XML).
    textElement(el, 'description', item.summary === undefined ? item.contentHtml : escapeHtml(item.summary));
    textElement(el, 'content:encoded', item.contentHtml);
    // Media RSS rather than <enclosure>, which must state the file's length in bytes before it is made.
    if (item.image) {
      const media = el.ele('media:content', {
        url: item.image.url,
        type: 'image/jpeg',
        medium: 'image',
        width: String(item.image.width),
        height: String(item.image.height),
      });
      if (item.image.alt) textElement(media, 'media:description', item.image.alt, { type: 'plain' });
      if (item.image.credit) textElement(media, 'media:credit', item.image.credit);
    }
  }
  return serialize(rss);
}
