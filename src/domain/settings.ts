import { DEFAULT_DISCUSSION_RULES, type DiscussionRules } from './comments.ts';
import { DEFAULT_LANGUAGE } from './search-language.ts';

export interface SiteSettings {
  title: string;
  tagline: string;
  postsPerPage: number;
  /** An IANA time zone name ("Europe/Berlin"), for showing dates to the newsroom. */
  timezone: string;
  /** The language the site is written in, a BCP 47 primary code ("ru"): search stems words in it. */
  language: string;
  /** Post slugs made from Cyrillic titles in Latin letters ("sergey-lavrov"), not Cyrillic ones. */
  slugCyrillicToLatin: boolean;
  /** Administrators and editors must sign in with a second factor; one without it is sent to set it up. */
  requireTwoFactorForStaff: boolean;
  discussion: DiscussionRules;
}

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
  timezone: 'UTC',
  language: DEFAULT_LANGUAGE,
  slugCyrillicToLatin: false,
  requireTwoFactorForStaff: false,
  discussion: DEFAULT_DISCUSSION_RULES,
};

/** How many other posts the "Latest Posts" list beside an article shows. */
export const LATEST_POSTS_COUNT = 5;

/** Stories listed under an article as related: those sharing the most categories, tags and sources. */
export const RELATED_POSTS_COUNT = 3;
