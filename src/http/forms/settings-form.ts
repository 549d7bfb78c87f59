import { z } from 'zod';
import { parseWordList, THREAD_DEPTH_RANGE } from '../../domain/comments.ts';
import { canonicalTimeZone, NEW_POSTS_MAIL, POSTS_PER_PAGE_RANGE, type SiteSettings } from '../../domain/settings.ts';
import { isLanguage } from '../../i18n/messages.ts';
import type { SettingsFormValues } from '../../views/admin/settings-page.tsx';
import { withoutControlCharacters } from './form-text.ts';

/** Longest word list the form accepts, in lines: the stored list's own limit. */
const MAX_LIST_LINES = 1000;
/** Longest word or phrase on a list. */
const MAX_LISTED_WORD = 200;

function wholeNumber(label: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, `${label} must be a whole number from ${min} to ${max}.`)
    .transform(Number)
    .pipe(z.number().min(min, `${label} must be a whole number from ${min} to ${max}.`).max(max, `${label} must be a whole number from ${min} to ${max}.`));
}

function wordList(label: string) {
  return z
    .string()
    .refine(...withoutControlCharacters)
    .transform(parseWordList)
    .pipe(
      z
        .array(z.string().max(MAX_LISTED_WORD, `Each line of ${label} can be at most ${MAX_LISTED_WORD} characters long.`))
        .max(MAX_LIST_LINES, `${label} can have at most ${MAX_LIST_LINES} lines.`),
    );
}

const SettingsFormSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Please enter the site’s title.')
    .max(200, 'The title can be at most 200 characters long.')
    .refine(...withoutControlCharacters),
  tagline: z
    .string()
    .trim()
    .max(300, 'The tagline can be at most 300 characters long.')
    .refine(...withoutControlCharacters),
  postsPerPage: wholeNumber('Posts per page', POSTS_PER_PAGE_RANGE.min, POSTS_PER_PAGE_RANGE.max),
  language: z.string().refine(isLanguage, 'Please choose one of the languages listed.'),
  timezone: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const zone = canonicalTimeZone(v);
      if (zone === undefined) {
        ctx.addIssue({ code: 'custom', message: 'Please enter a time zone name such as Europe/Berlin or UTC.' });
        return z.NEVER;
      }
      return zone;
    }),
  maxLinks: wholeNumber('The number of links', 0, 100),
  moderationKeys: wordList('Moderation words'),
  disallowedKeys: wordList('Disallowed words'),
  closeAfterDays: wholeNumber('The number of days', 0, 36_500),
  threadDepth: wholeNumber('The thread depth', THREAD_DEPTH_RANGE.min, THREAD_DEPTH_RANGE.max),
  // Mail about comments and posts.
  newPostsMail: z.enum(NEW_POSTS_MAIL, 'Choose one message per post or a daily digest.'),
});

export type SettingsFormResult =
  | { ok: true; settings: SiteSettings; values: SettingsFormValues }
  | { ok: false; errors: Record<string, string>; values: SettingsFormValues };

/** The form as the settings are now, for the page before anything is typed. */
export function settingsFormValues(s: SiteSettings): SettingsFormValues {
  return {
    title: s.title,
    tagline: s.tagline,
    postsPerPage: String(s.postsPerPage),
    language: s.language,
    timezone: s.timezone,
    slugCyrillicToLatin: s.slugCyrillicToLatin,
    requireTwoFactorForStaff: s.requireTwoFactorForStaff,
    manualApproval: s.discussion.manualApproval,
    requirePreviouslyApproved: s.discussion.requirePreviouslyApproved,
    maxLinks: String(s.discussion.maxLinks),
    moderationKeys: s.discussion.moderationKeys.join('\n'),
    disallowedKeys: s.discussion.disallowedKeys.join('\n'),
    closeAfterDays: String(s.discussion.closeAfterDays),
    threadDepth: String(s.discussion.threadDepth),
    notifyAuthorOnComment: s.mail.notifyAuthorOnComment,
    notifyModeratorsOnHold: s.mail.notifyModeratorsOnHold,
    newPostsMail: s.mail.newPostsMail,
  };
}

/** Checks the settings form; on failure returns each message by field and the form as typed. */
export function parseSettingsForm(fields: Record<string, string>): SettingsFormResult {
  const values: SettingsFormValues = {
    title: fields.title ?? '',
    tagline: fields.tagline ?? '',
    postsPerPage: fields.postsPerPage ?? '',
    language: fields.language ?? '',
    timezone: fields.timezone ?? '',
    // An unchecked box is not sent at all.
    slugCyrillicToLatin: fields.slugCyrillicToLatin !== undefined,
    requireTwoFactorForStaff: fields.requireTwoFactorForStaff !== undefined,
    manualApproval: fields.manualApproval !== undefined,
    requirePreviouslyApproved: fields.requirePreviouslyApproved !== undefined,
    maxLinks: fields.maxLinks ?? '',
    moderationKeys: fields.moderationKeys ?? '',
    disallowedKeys: fields.disallowedKeys ?? '',
    closeAfterDays: fields.closeAfterDays ?? '',
    threadDepth: fields.threadDepth ?? '',
    notifyAuthorOnComment: fields.notifyAuthorOnComment !== undefined,
    notifyModeratorsOnHold: fields.notifyModeratorsOnHold !== undefined,
    // A form from before these settings existed sends none: the default.
    newPostsMail: fields.newPostsMail ?? 'each',
  };
  const parsed = SettingsFormSchema.safeParse({ ...values });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false, errors, values };
  }
  const d = parsed.data;
  return {
    ok: true,
    values,
    settings: {
      title: d.title,
      tagline: d.tagline,
      postsPerPage: d.postsPerPage,
      language: d.language,
      timezone: d.timezone,
      slugCyrillicToLatin: values.slugCyrillicToLatin,
      requireTwoFactorForStaff: values.requireTwoFactorForStaff,
      discussion: {
        manualApproval: values.manualApproval,
        requirePreviouslyApproved: values.requirePreviouslyApproved,
        maxLinks: d.maxLinks,
        moderationKeys: d.moderationKeys,
        disallowedKeys: d.disallowedKeys,
        closeAfterDays: d.closeAfterDays,
        threadDepth: d.threadDepth,
      },
      mail: { notifyAuthorOnComment: values.notifyAuthorOnComment, notifyModeratorsOnHold: values.notifyModeratorsOnHold, newPostsMail: d.newPostsMail },
    },
  };
}
