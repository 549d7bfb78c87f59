import type { ShownImage } from './media.ts';
import type { PostSource } from './sources.ts';
import { isCalendarDate, localDateOf, localDaysRange, nextDay } from './time-zone.ts';
import type { SafeHtml } from './safe-html.ts';
import type { PostLabel, Term } from './terms.ts';

export const POST_STATUSES = ['draft', 'published'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export interface Author {
  id: number;
  slug: string;
  displayName: string;
}

/** What lists show of a post: enough for a card, without the body. */
export interface PostSummary {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  author: Author;
  publishedAt: Date;
  /** Every outlet the post draws on, in the editor's order. */
  sources: PostSource[];
  /** Categories then tags, each in the editor's order. */
  terms: Term[];
  label: PostLabel | null;
  wordCount: number;
  /** The featured image from the library, with its alt text, caption and credit. */
  featuredImage?: ShownImage | null;
}

/** A post as a link in a list of headlines ("Latest Posts"): its headline, address and date. */
export type PostLink = Pick<PostSummary, 'id' | 'slug' | 'title' | 'publishedAt'>;

/** A note the newsroom adds to a published story when it corrects it, shown with its date. */
export interface Correction {
  id: number;
  body: string;
  createdAt: Date;
}

export interface Post extends PostSummary {
  status: PostStatus;
  bodyHtml: SafeHtml;
  updatedAt: Date;
  commentsOpen: boolean;
  image: { url: string; alt: string } | null;
  /** Oldest first. */
  corrections: Correction[];
}

/** The parts of a "day and name" permalink, /YYYY/MM/DD/slug/, as WordPress writes it. */
export interface Permalink {
  year: number;
  month: number;
  day: number;
  slug: string;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Dates in permalinks are calendar days in the site's time zone, as the newsroom dated the post:
 * a post published at 23:30 in Moscow is under that day. A URL never moves with the server's zone.
 */
export function permalinkOf(post: { slug: string; publishedAt: Date }, timeZone = 'UTC'): string {
  const d = localDateOf(post.publishedAt, timeZone);
  return permalinkPath({ year: d.year, month: d.month, day: d.day, slug: post.slug });
}

/**
 * The address a permalink's parts name, whether or not a post lives there. A slug in another
 * script is percent-encoded (UTF-8), as links, feeds and sitemaps must carry it.
 */
export function permalinkPath(p: Permalink): string {
  return `/${pad(p.year, 4)}/${pad(p.month)}/${pad(p.day)}/${encodeURIComponent(p.slug)}/`;
}

/** The local day a permalink names, as [start, end) instants; undefined for a day that does not exist. */
export function dayRange(p: Pick<Permalink, 'year' | 'month' | 'day'>, timeZone = 'UTC'): { start: Date; end: Date } | undefined {
  const day = { year: p.year, month: p.month, day: p.day };
  if (!isCalendarDate(day)) return undefined;
  return localDaysRange(day, nextDay(day), timeZone);
}

/** Whether a post published at an instant is dated on a day, in the site's time zone. */
export function isOnDay(publishedAt: Date, p: Pick<Permalink, 'year' | 'month' | 'day'>, timeZone = 'UTC'): boolean {
  const d = localDateOf(publishedAt, timeZone);
  return d.year === p.year && d.month === p.month && d.day === p.day;
}

/** A date archive's period: a year, a month of a year, or a day (/2022/, /2022/02/, /2022/02/15/). */
export interface Period {
  year: number;
  month?: number;
  day?: number;
}

/**
 * The instants [start, end) a date archive covers: from the first local midnight of the period to
 * the first of the next, in the site's time zone like permalinks; undefined for a period that does
 * not exist. One range on the publication instant, so the query stays on its index.
 */
export function periodRange(p: Period, timeZone = 'UTC'): { start: Date; end: Date } | undefined {
  if (p.day !== undefined) return p.month === undefined ? undefined : dayRange({ year: p.year, month: p.month, day: p.day }, timeZone);
  if (!isCalendarDate({ year: p.year, month: p.month ?? 1, day: 1 })) return undefined;
  if (p.month === undefined) return localDaysRange({ year: p.year, month: 1, day: 1 }, { year: p.year + 1, month: 1, day: 1 }, timeZone);
  const next = p.month === 12 ? { year: p.year + 1, month: 1, day: 1 } : { year: p.year, month: p.month + 1, day: 1 };
  return localDaysRange({ year: p.year, month: p.month, day: 1 }, next, timeZone);
}

/** The address of a date archive: "/2022/", "/2022/02/", "/2022/02/15/". */
export function periodPath(p: Period): string {
  let path = `/${pad(p.year, 4)}/`;
  if (p.month !== undefined) path += `${pad(p.month)}/`;
  if (p.month !== undefined && p.day !== undefined) path += `${pad(p.day)}/`;
  return path;
}
