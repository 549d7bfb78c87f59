import { z } from 'zod';
import { parseWordList, THREAD_DEPTH_RANGE } from '../../domain/comments.ts';
import { canonicalTimeZone, NEW_POSTS_MAIL, POSTS_PER_PAGE_RANGE, type SiteSettings } from '../../domain/settings.ts';
import { isLanguage, type Messages } from '../../i18n/messages.ts';
import type { SettingsFormValues } from '../../views/admin/settings-page.tsx';
import { withoutControlCharacters } from './form-text.ts';

/** Longest word list the form accepts, in lines: the stored list's own limit. */
const MAX_LIST_LINES = 1000;
/** Longest word or phrase on a list. */
const MAX_LISTED_WORD = 200;

type Translate = Messages['t'];

function wholeNumber(t: Translate, field: string, min: number, max: number) {
  const message = t('admin.settings.error.wholeNumber', { field, min, max });
  return z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
}

function wordList(t: Translate, field: string) {
  return z
    .string()
    .refine(withoutControlCharacters[0], t('admin.settings.error.controlCharacters'))
    .transform(parseWordList)
    .pipe(
      z
        .array(z.string().max(MAX_LISTED_WORD, t('admin.settings.error.listLineTooLong', { field, max: MAX_LISTED_WORD })))
        .max(MAX_LIST_LINES, t('admin.settings.error.listTooLong', { field, max: MAX_LIST_LINES })),
    );
}

/** Longest title and tagline, as the settings table keeps them. */
const MAX_TITLE = 200;
const MAX_TAGLINE = 300;

/** The form's rules with their messages in the admin's language. */
function settingsFormSchema(t: Translate) {
  return z.object({
    title: z
      .string()
      .trim()
      .min(1, t('admin.settings.error.titleRequired'))
      .max(MAX_TITLE, t('admin.settings.error.titleTooLong', { max: MAX_TITLE }))
      .refine(withoutControlCharacters[0], t('admin.settings.error.controlCharacters')),
    tagline: z
      .string()
      .trim()
      .max(MAX_TAGLINE, t('admin.settings.error.taglineTooLong', { max: MAX_TAGLINE }))
      .refine(withoutControlCharacters[0], t('admin.settings.error.controlCharacters')),
    postsPerPage: wholeNumber(t, t('admin.settings.postsPerPage'), POSTS_PER_PAGE_RANGE.min, POSTS_PER_PAGE_RANGE.max),
    language: z.string().refine(isLanguage, t('admin.settings.error.language')),
    timezone: z
      .string()
      .trim()
      .transform((v, ctx) => {
        const zone = canonicalTimeZone(v);
        if (zone === undefined) {
          ctx.addIssue({ code: 'custom', message: t('admin.settings.error.timezone') });
          return z.NEVER;
        }
        return zone;
      }),
    maxLinks: wholeNumber(t, t('admin.settings.field.maxLinks'), 0, 100),
    moderationKeys: wordList(t, t('admin.settings.moderationKeys')),
    disallowedKeys: wordList(t, t('admin.settings.disallowedKeys')),
    closeAfterDays: wholeNumber(t, t('admin.settings.field.closeAfterDays'), 0, 36_500),
    threadDepth: wholeNumber(t, t('admin.settings.field.threadDepth'), THREAD_DEPTH_RANGE.min, THREAD_DEPTH_RANGE.max),
    // Mail about comments and posts.
    newPostsMail: z.enum(NEW_POSTS_MAIL, t('admin.settings.error.newPostsMail')),
  });
}

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
export function parseSettingsForm(fields: Record<string, string>, messages: Messages): SettingsFormResult {
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
  const parsed = settingsFormSchema(messages.t).safeParse({ ...values });
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
