import { z } from 'zod';
import { THREAD_DEPTH_RANGE } from '../domain/comments.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { DEFAULT_SITE_SETTINGS, isCanonicalTimeZone, NEW_POSTS_MAIL, POSTS_PER_PAGE_RANGE, type SiteSettings } from '../domain/settings.ts';
import { isLanguage } from '../i18n/messages.ts';
import { changeContent } from '../storage/changes.ts';
import type { Database, Db, Executor } from '../storage/db.ts';
import { reindexForLanguage } from '../storage/search.ts';
import { listSettings, putSetting } from '../storage/settings.ts';

/** Longest word list kept: far more than any site's, small enough to match every comment against. */
const MAX_LISTED_WORDS = 1000;
const listedWords = z.array(z.string().min(1).max(200)).max(MAX_LISTED_WORDS);

/** Stored settings are read back through the same schema they are written with; a bad value falls back to its default. */
const STORED = {
  title: z.string().min(1).max(200),
  tagline: z.string().max(300),
  posts_per_page: z.number().int().min(POSTS_PER_PAGE_RANGE.min).max(POSTS_PER_PAGE_RANGE.max),
  language: z.string().refine(isLanguage),
  timezone: z.string().refine(isCanonicalTimeZone),
  slug_cyrillic_to_latin: z.boolean(),
  require_two_factor_staff: z.boolean(),
  comment_manual_approval: z.boolean(),
  comment_require_previously_approved: z.boolean(),
  comment_max_links: z.number().int().min(0).max(100),
  comment_moderation_keys: listedWords,
  comment_disallowed_keys: listedWords,
  close_comments_days_old: z.number().int().min(0).max(36_500),
  thread_comments_depth: z.number().int().min(THREAD_DEPTH_RANGE.min).max(THREAD_DEPTH_RANGE.max),
  // Mail about comments and posts.
  comments_notify: z.boolean(),
  moderation_notify: z.boolean(),
  new_posts_mail: z.enum(NEW_POSTS_MAIL),
};

type StoredKey = keyof typeof STORED;

function read<T>(stored: Map<string, unknown>, key: StoredKey, fallback: T): T {
  const parsed = STORED[key].safeParse(stored.get(key));
  return parsed.success ? (parsed.data as T) : fallback;
}

export async function loadSiteSettings(db: Executor): Promise<SiteSettings> {
  const stored = await listSettings(db);
  const d = DEFAULT_SITE_SETTINGS;
  return {
    title: read(stored, 'title', d.title),
    tagline: read(stored, 'tagline', d.tagline),
    postsPerPage: read(stored, 'posts_per_page', d.postsPerPage),
    language: read(stored, 'language', d.language),
    timezone: read(stored, 'timezone', d.timezone),
    slugCyrillicToLatin: read(stored, 'slug_cyrillic_to_latin', d.slugCyrillicToLatin),
    requireTwoFactorForStaff: read(stored, 'require_two_factor_staff', d.requireTwoFactorForStaff),
    discussion: {
      manualApproval: read(stored, 'comment_manual_approval', d.discussion.manualApproval),
      requirePreviouslyApproved: read(stored, 'comment_require_previously_approved', d.discussion.requirePreviouslyApproved),
      maxLinks: read(stored, 'comment_max_links', d.discussion.maxLinks),
      moderationKeys: read(stored, 'comment_moderation_keys', d.discussion.moderationKeys),
      disallowedKeys: read(stored, 'comment_disallowed_keys', d.discussion.disallowedKeys),
      closeAfterDays: read(stored, 'close_comments_days_old', d.discussion.closeAfterDays),
      threadDepth: read(stored, 'thread_comments_depth', d.discussion.threadDepth),
    },
    mail: {
      notifyAuthorOnComment: read(stored, 'comments_notify', d.mail.notifyAuthorOnComment),
      notifyModeratorsOnHold: read(stored, 'moderation_notify', d.mail.notifyModeratorsOnHold),
      newPostsMail: read(stored, 'new_posts_mail', d.mail.newPostsMail),
    },
  };
}

function storedValues(s: SiteSettings): Record<StoredKey, unknown> {
  return {
    title: s.title,
    tagline: s.tagline,
    posts_per_page: s.postsPerPage,
    language: s.language,
    timezone: s.timezone,
    slug_cyrillic_to_latin: s.slugCyrillicToLatin,
    require_two_factor_staff: s.requireTwoFactorForStaff,
    comment_manual_approval: s.discussion.manualApproval,
    comment_require_previously_approved: s.discussion.requirePreviouslyApproved,
    comment_max_links: s.discussion.maxLinks,
    comment_moderation_keys: s.discussion.moderationKeys,
    comment_disallowed_keys: s.discussion.disallowedKeys,
    close_comments_days_old: s.discussion.closeAfterDays,
    thread_comments_depth: s.discussion.threadDepth,
    comments_notify: s.mail.notifyAuthorOnComment,
    moderation_notify: s.mail.notifyModeratorsOnHold,
    new_posts_mail: s.mail.newPostsMail,
  };
}

/**
 * Saves every setting in one transaction. Settings show on every page (the site's name) or decide
 * what every article offers (its reply form), so every cached page is dropped.
 */
export async function saveSiteSettings(db: Db, settings: SiteSettings, now: Date): Promise<void> {
  const values = storedValues(settings);
  for (const [key, value] of Object.entries(values)) {
    // The form has checked its fields already; this is the last line, and it names the key.
    const parsed = STORED[key as StoredKey].safeParse(value);
    if (!parsed.success) throw new Error(`Setting ${key} is not valid: ${parsed.error.message}`);
  }
  await changeContent(db, now, async (tx, pagesChanged) => {
    for (const [key, value] of Object.entries(values)) await putSetting(tx, key, value);
    pagesChanged([EVERY_PAGE]);
  });
}

/**
 * Saves the settings form. When the site's language changed, the search index follows it:
 * every post is indexed again in the new language, in short batches (storage/search.ts,
 * reindexForLanguage), after the settings have committed, so the site stays open meanwhile.
 */
export async function updateSiteSettings(database: Database, settings: SiteSettings, now: Date): Promise<void> {
  const before = await loadSiteSettings(database.db);
  await saveSiteSettings(database.db, settings, now);
  if (before.language !== settings.language) await reindexForLanguage(database.db, database.search);
}
