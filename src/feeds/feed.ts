/** The name feeds give as their generator. */
export const GENERATOR = 'Wirepress';

/** One entry of a feed, in the terms every format shares; addresses are absolute. */
export interface FeedItem {
  /** The item's page; also its RSS guid, Atom id and JSON Feed id, so it never changes. */
  url: string;
  title: string;
  /** The whole item as sanitized HTML (for a post: its body and its credit line). */
  contentHtml: string;
  /** Plain text; a short version of the item. */
  summary?: string;
  author: { name: string; url?: string | null };
  categories: readonly string[];
  published: Date;
  updated: Date;
  /** The featured image, a JPEG at an absolute address, with its alt text and credit. */
  image?: { url: string; width: number; height: number; alt: string; credit: string };
}

export interface Feed {
  title: string;
  description: string;
  /** The page the feed follows: the home page, an archive, an article. */
  homeUrl: string;
  /** The feed's own address. */
  feedUrl: string;
  language: string;
  /** The site's time zone: dates are written in its local time with its offset, as the newsroom dated them. */
  timeZone: string;
  /** When any item last changed (the epoch for an empty feed, so the bytes stay the same). */
  updated: Date;
  items: readonly FeedItem[];
}

/** The newest change among the items; the epoch when there is none. */
export function lastUpdated(items: readonly Pick<FeedItem, 'updated'>[]): Date {
  return new Date(Math.max(0, ...items.map((i) => i.updated.getTime())));
}
