import { DEFAULT_DISCUSSION_RULES, type DiscussionRules } from './comments.ts';

export interface SiteSettings {
  title: string;
  tagline: string;
  postsPerPage: number;
  /** The language every word a reader sees is in: the code of a catalogue ("en", "ru", "ar"). */
  language: string;
  /** An IANA time zone name ("Europe/Berlin"): the day in a post's permalink and date archives, "Publish at", and the offset in feeds and the API. */
  timezone: string;
  /** Post slugs made from Cyrillic titles in Latin letters ("sergey-lavrov"), not Cyrillic ones. */
  slugCyrillicToLatin: boolean;
  /** Administrators and editors must sign in with a second factor; one without it is sent to set it up. */
  requireTwoFactorForStaff: boolean;
  discussion: DiscussionRules;
  mail: MailSettings;
}

/** What the site mails about comments and posts (WordPress's "Email me whenever"), and how new posts go out. */
export interface MailSettings {
  /** A post's author is mailed when a comment is published on it. */
  notifyAuthorOnComment: boolean;
  /** Moderators (editors and up) are mailed when a comment is held, at most one digest per few minutes. */
  notifyModeratorsOnHold: boolean;
  /** Readers subscribed to new posts get one message per post, or one digest a day. */
  newPostsMail: NewPostsMail;
}

export const NEW_POSTS_MAIL = ['each', 'daily'] as const;
export type NewPostsMail = (typeof NEW_POSTS_MAIL)[number];

/** The range of "Blog pages show at most" the settings form accepts. */
export const POSTS_PER_PAGE_RANGE = { min: 1, max: 100 } as const;

/**
 * Whether a name is an IANA time zone this runtime knows ("Europe/Berlin", "UTC"); returns its
 * canonical spelling, or undefined. Offsets ("+02:00") and abbreviations ("CET") are refused:
 * they do not follow daylight saving time.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^(?:UTC|[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+)+)$/.test(name)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
    // The runtime may resolve a zone to an older alias (Buenos_Aires); keep the name as typed, spelled right.
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch {
    return undefined;
  }
}

/**
 * Names already checked against the runtime's zones. A site stores one zone, read with every
 * settings lookup: building an Intl formatter for it each time cost about 6 % of the CPU under
 * load. A handful of names is all a process ever sees; the cap only bounds a misbehaving caller.
 */
const CHECKED_ZONES = new Map<string, boolean>();
const MAX_CHECKED_ZONES = 64;

/** Whether a stored name is a time zone as the settings form writes it (its canonical spelling); checked once per name. */
export function isCanonicalTimeZone(name: string): boolean {
  let known = CHECKED_ZONES.get(name);
  if (known === undefined) {
    known = canonicalTimeZone(name) === name;
    if (CHECKED_ZONES.size >= MAX_CHECKED_ZONES) CHECKED_ZONES.clear();
    CHECKED_ZONES.set(name, known);
  }
  return known;
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  title: 'Wirepress',
  tagline: 'News with its sources',
  /** WordPress's default "Blog pages show at most". */
  postsPerPage: 10,
  language: 'en',
  timezone: 'UTC',
  slugCyrillicToLatin: false,
  requireTwoFactorForStaff: false,
  discussion: DEFAULT_DISCUSSION_RULES,
  /** WordPress's defaults: both notices on. */
  mail: { notifyAuthorOnComment: true, notifyModeratorsOnHold: true, newPostsMail: 'each' },
};

/** Pinned posts the home page shows at most, newest pin first: a forgotten pin cannot freeze the front page. */
export const MAX_PINNED_SHOWN = 3;

/** How many other posts the "Latest Posts" list beside an article shows. */
export const LATEST_POSTS_COUNT = 5;

/** Stories listed under an article as related: those sharing the most categories, tags and sources. */
export const RELATED_POSTS_COUNT = 3;
