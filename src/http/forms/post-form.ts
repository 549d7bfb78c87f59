import { isSaveAction, nameSlug, resolveSlug, type PostDraft, type SaveAction, type SourceLine } from '../../domain/post-editor.ts';
import { isSourceRole } from '../../domain/sources.ts';
import { isPostLabel } from '../../domain/terms.ts';
import {
  clockChange,
  describeLocalDateTime,
  formatLocalDateTime,
  instantsOfLocal,
  isCalendarDate,
  localDateTimeOf,
  type LocalDateTime,
} from '../../domain/time-zone.ts';
import { messagesFor, REFERENCE_LANGUAGE, type Messages } from '../../i18n/messages.ts';
import type { PostFormValues, SourceRowValues } from '../../views/admin/post-editor-page.tsx';
import { localControlCharacterErrors, reasonMessage } from './field-messages.ts';

const ENGLISH = messagesFor(REFERENCE_LANGUAGE);

export type { PostFormValues } from '../../views/admin/post-editor-page.tsx';

/** Source rows the editor reads (and offers): a story credits a handful, rarely more than ten. */
export const MAX_SOURCE_ROWS = 20;
/** Empty source rows offered below the filled ones, so more can be added without JavaScript. */
export const EMPTY_SOURCE_ROWS = 3;
/** Categories or tags per post: more is a sign of a mistake (a paragraph pasted in the wrong box). */
const MAX_TERMS = 20;
const MAX_TITLE = 300;
const MAX_EXCERPT = 1_000;
const MAX_NAME = 100;
const MAX_URL = 2_000;
/** A BCP 47 tag as editors type it: "ru", "en-GB", "zh-Hant". */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export type PostFormAction = SaveAction | 'preview';

export type ParsedPostForm =
  | {
      ok: true;
      values: PostFormValues;
      action: PostFormAction;
      draft: PostDraft;
      scheduleAt: Date | null;
      version: Date | undefined;
      /** The featured image chosen from the library; null for none, undefined when the form has no such field (keep it). */
      featuredMediaId: number | null | undefined;
      /** The pin box, when the form showed it (`pinned_shown`); undefined keeps the post's pin as it is. */
      pinned: boolean | undefined;
    }
  | { ok: false; values: PostFormValues; action: PostFormAction; errors: Record<string, string> };

/** A datetime-local value's date and time: "2026-03-01T09:30" (a space for the T, seconds optional); undefined when it names no such time. */
export function parseLocalDateTime(value: string): LocalDateTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second] = m.map(Number) as [number, number, number, number, number, number, number];
  const local = { year, month, day, hour, minute, second: Number.isNaN(second) ? 0 : second };
  return isCalendarDate(local) && hour < 24 && minute < 60 && local.second < 60 ? local : undefined;
}

/** The value a datetime-local field shows for a time, in the site's time zone. */
export function toLocalDateTimeValue(date: Date, timeZone: string): string {
  return formatLocalDateTime(localDateTimeOf(date, timeZone));
}

function clockTime(t: LocalDateTime): string {
  return describeLocalDateTime(t).slice(11) + (t.second === 0 ? '' : `:${String(t.second).padStart(2, '0')}`);
}

/**
 * The instant a "Publish at" value names in the site's time zone, or what to say beside the field.
 * A time the clocks skip is refused; so is one they pass twice, unless it is the post's own date
 * still shown in the field (the form then changes nothing).
 */
export function resolvePublishAt(value: string, timeZone: string, current: Date | null, messages: Messages = ENGLISH): { at: Date } | { error: string } {
  const { t } = messages;
  const local = parseLocalDateTime(value);
  if (!local) return { error: t('admin.fields.dateTimeFormat') };
  const found = instantsOfLocal(local, timeZone);
  if (found.kind === 'exact') return { at: found.instant };
  const day = describeLocalDateTime(local).slice(0, 10);
  const { from, to } = clockChange(found);
  if (found.kind === 'nonexistent') {
    return { error: t('admin.fields.timeSkipped', { time: clockTime(local), day, zone: timeZone, from: clockTime(from), to: clockTime(to) }) };
  }
  const same = [found.earlier, found.later].find((at) => current !== null && Math.floor(at.getTime() / 60_000) === Math.floor(current.getTime() / 60_000));
  if (same) return { at: same };
  return { error: t('admin.fields.timeTwice', { time: clockTime(local), day, zone: timeZone, from: clockTime(from), to: clockTime(to) }) };
}

function splitNames(text: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const part of text.split(',')) {
    const name = part.trim().replace(/\s+/g, ' ');
    const slug = nameSlug(name);
    if (name === '' || seen.has(slug)) continue;
    seen.add(slug);
    names.push(name);
  }
  return names;
}

function checkNames(names: string[], field: 'categories' | 'tags', errors: Record<string, string>, { t }: Messages): void {
  if (names.length > MAX_TERMS) errors[field] = t(field === 'categories' ? 'admin.fields.tooManyCategories' : 'admin.fields.tooManyTags', { max: MAX_TERMS });
  else if (names.some((n) => n.length > MAX_NAME)) errors[field] = t('admin.fields.nameTooLong', { max: MAX_NAME });
  else if (names.some((n) => nameSlug(n) === '')) errors[field] = t('admin.fields.nameNeedsLetter');
}

/** The fields of the editor that hold text (not the buttons, the check box or the version stamp). */
function textFieldNames(fields: Record<string, string>): string[] {
  return Object.keys(fields).filter((name) => POST_TEXT_FIELDS.has(name) || SOURCE_FIELD.test(name));
}
const POST_TEXT_FIELDS = new Set([
  'title',
  'slug',
  'excerpt',
  'body',
  'label',
  'categories',
  'tags',
  'publish_at',
  'featured_alt',
  'featured_caption',
  'featured_credit',
]);
const SOURCE_FIELD = /^source_\d+_(?:name|url|role|language)$/;

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function emptyPostForm(): PostFormValues {
  return {
    title: '',
    slug: '',
    excerpt: '',
    body: '',
    label: '',
    categories: '',
    tags: '',
    commentsOpen: true,
    pinned: false,
    publishAt: '',
    sources: [],
    version: '',
    ...NO_FEATURED_IMAGE,
  };
}

/** The featured image fields of a post without one. */
export const NO_FEATURED_IMAGE = { featuredMedia: '', featuredAlt: '', featuredCaption: '', featuredCredit: '', featuredCreditSource: '' } as const;

/** The featured image fields for a stored image. */
export function featuredValues(image: { id: number; alt: string; caption: string; credit: { text: string; source: { slug: string } | null } } | null) {
  if (!image) return { ...NO_FEATURED_IMAGE };
  return {
    featuredMedia: String(image.id),
    featuredAlt: image.alt,
    featuredCaption: image.caption,
    featuredCredit: image.credit.text,
    featuredCreditSource: image.credit.source?.slug ?? '',
  };
}

/**
 * Reads the editor's form: what was typed (to show again), and a draft when every field is right.
 * "Publish at" is read in the site's time zone; `currentPublishedAt` is the post's stored date.
 */
export function parsePostForm(
  fields: Record<string, string>,
  timeZone = 'UTC',
  currentPublishedAt: Date | null = null,
  messages: Messages = ENGLISH,
): ParsedPostForm {
  const { t } = messages;
  const text = (name: string) => (fields[name] ?? '').replace(/\r\n?/g, '\n');
  const sources: SourceRowValues[] = [];
  for (let i = 0; i < MAX_SOURCE_ROWS; i++) {
    const row = {
      name: text(`source_${i}_name`).trim(),
      url: text(`source_${i}_url`).trim(),
      role: text(`source_${i}_role`) || 'original',
      language: text(`source_${i}_language`).trim(),
    };
    sources.push(row);
  }
  const values: PostFormValues = {
    title: text('title'),
    slug: text('slug'),
    excerpt: text('excerpt'),
    body: text('body'),
    label: text('label'),
    categories: text('categories'),
    tags: text('tags'),
    commentsOpen: fields.comments_open === 'on',
    pinned: fields.pinned === 'on',
    publishAt: text('publish_at'),
    sources: sources.filter((s) => s.name !== '' || s.url !== '' || s.language !== ''),
    version: text('version'),
    featuredMedia: text('featured_media').trim(),
    featuredAlt: text('featured_alt'),
    featuredCaption: text('featured_caption'),
    featuredCredit: text('featured_credit'),
    featuredCreditSource: text('featured_credit_source'),
  };
  const requested = fields.action ?? 'save';
  const action: PostFormAction = requested === 'preview' || isSaveAction(requested) ? requested : 'save';
  const errors: Record<string, string> = {};

  const title = values.title.trim();
  if (title === '') errors.title = t('admin.fields.titleMissing');
  else if (title.length > MAX_TITLE) errors.title = t('admin.fields.tooLong', { max: MAX_TITLE });
  const slug = resolveSlug(values.slug, title);
  if ('error' in slug && title !== '') errors.slug = reasonMessage(messages, slug.reason) ?? slug.error;
  if (values.excerpt.length > MAX_EXCERPT) errors.excerpt = t('admin.fields.tooLong', { max: MAX_EXCERPT });
  if (values.label !== '' && !isPostLabel(values.label)) errors.label = t('admin.fields.labelInvalid');
  const categories = splitNames(values.categories);
  const tags = splitNames(values.tags);
  checkNames(categories, 'categories', errors, messages);
  checkNames(tags, 'tags', errors, messages);

  const lines: SourceLine[] = [];
  values.sources.forEach((row, i) => {
    const key = (part: string) => `source_${i}_${part}`;
    if (row.name === '') errors[key('name')] = t('admin.fields.outletMissing');
    else if (row.name.length > MAX_NAME || nameSlug(row.name) === '') errors[key('name')] = t('admin.fields.outletInvalid', { max: MAX_NAME });
    if (row.url !== '' && (row.url.length > MAX_URL || !isWebAddress(row.url))) errors[key('url')] = t('admin.fields.webAddress');
    if (!isSourceRole(row.role)) errors[key('role')] = t('admin.fields.roleInvalid');
    if (row.language !== '' && !LANGUAGE_TAG.test(row.language)) errors[key('language')] = t('admin.fields.languageInvalid');
    if (isSourceRole(row.role)) lines.push({ name: row.name, url: row.url || null, role: row.role, language: row.language || null });
  });

  let scheduleAt: Date | null = null;
  if (values.publishAt.trim() !== '') {
    const resolved = resolvePublishAt(values.publishAt, timeZone, currentPublishedAt, messages);
    if ('at' in resolved) scheduleAt = resolved.at;
    else errors.publish_at = resolved.error;
  }
  const featuredMediaId = values.featuredMedia === '' ? null : /^[1-9]\d{0,15}$/.test(values.featuredMedia) ? Number(values.featuredMedia) : 'invalid';
  if (featuredMediaId === 'invalid') errors.featured_media = t('admin.fields.photoInvalid');
  let version: Date | undefined;
  if (values.version !== '') {
    version = new Date(values.version);
    if (Number.isNaN(version.getTime())) errors.form = t('admin.fields.formDamaged');
  }
  // Said before anything else about a field: the rest may only follow from them.
  Object.assign(errors, localControlCharacterErrors(fields, textFieldNames(fields), messages));
  if (Object.keys(errors).length > 0) return { ok: false, values, action, errors };
  return {
    ok: true,
    values,
    action,
    scheduleAt,
    version,
    featuredMediaId: fields.featured_media === undefined || featuredMediaId === 'invalid' ? undefined : featuredMediaId,
    // An unticked box sends nothing: the marker beside it tells "unpin" from "not offered".
    pinned: fields.pinned_shown === '1' ? values.pinned : undefined,
    draft: {
      title,
      slug: values.slug.trim(),
      excerpt: values.excerpt.trim(),
      bodyMarkdown: values.body,
      label: isPostLabel(values.label) ? values.label : null,
      commentsOpen: values.commentsOpen,
      categories,
      tags,
      sources: lines,
    },
  };
}

/** The form's values for a stored draft, its date in the site's time zone. */
export function valuesOfDraft(draft: PostDraft, version: Date | null, publishAt: Date | null, timeZone: string): PostFormValues {
  return {
    title: draft.title,
    slug: draft.slug,
    excerpt: draft.excerpt,
    body: draft.bodyMarkdown,
    label: draft.label ?? '',
    categories: draft.categories.join(', '),
    tags: draft.tags.join(', '),
    commentsOpen: draft.commentsOpen,
    pinned: false,
    publishAt: publishAt ? toLocalDateTimeValue(publishAt, timeZone) : '',
    sources: draft.sources.map((s) => ({ name: s.name, url: s.url ?? '', role: s.role, language: s.language ?? '' })),
    version: version ? version.toISOString() : '',
    ...NO_FEATURED_IMAGE,
  };
}
