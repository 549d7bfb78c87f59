import type { PageDraft, PageStatus } from '../../domain/pages.ts';
import { parseId } from './route-params.ts';
import { messagesFor, REFERENCE_LANGUAGE, type Messages } from '../../i18n/messages.ts';
import { localControlCharacterErrors } from './field-messages.ts';

/** What the page editor shows in its fields: as typed, to show again when something is wrong. */
export interface PageFormValues {
  title: string;
  slug: string;
  body: string;
  parent: string;
  menuOrder: string;
  status: string;
  /** The page's version the form was loaded from ('' for a new page). */
  version: string;
}

const MAX_TITLE = 300;
/** A page's text: generous for a long ethics code, small enough to refuse a pasted book. */
const MAX_BODY = 200_000;
/** Menu order as WordPress keeps it: a small signed number. */
const MENU_ORDER_RANGE = { min: -10_000, max: 10_000 } as const;

const TEXT_FIELDS = ['title', 'slug', 'body', 'parent', 'menu_order', 'status'];

export type ParsedPageForm =
  | { ok: true; values: PageFormValues; draft: PageDraft; version: Date | undefined }
  | { ok: false; values: PageFormValues; errors: Record<string, string> };

export function emptyPageForm(): PageFormValues {
  return { title: '', slug: '', body: '', parent: '', menuOrder: '0', status: 'draft', version: '' };
}

export function pageFormValues(page: {
  title: string;
  slug: string;
  bodyMarkdown: string;
  parentId: number | null;
  menuOrder: number;
  status: PageStatus;
  updatedAt: Date;
}): PageFormValues {
  return {
    title: page.title,
    slug: page.slug,
    body: page.bodyMarkdown,
    parent: page.parentId === null ? '' : String(page.parentId),
    menuOrder: String(page.menuOrder),
    status: page.status,
    version: page.updatedAt.toISOString(),
  };
}

/** Reads the page editor's form: what was typed, and a draft when every field is right. */
export function parsePageForm(fields: Readonly<Record<string, string>>, messages: Messages = messagesFor(REFERENCE_LANGUAGE)): ParsedPageForm {
  const { t } = messages;
  const text = (name: string) => (fields[name] ?? '').replace(/\r\n?/g, '\n');
  const values: PageFormValues = {
    title: text('title'),
    slug: text('slug'),
    body: text('body'),
    parent: text('parent').trim(),
    menuOrder: text('menu_order').trim(),
    status: text('status'),
    version: text('version').trim(),
  };
  const errors: Record<string, string> = {};
  const title = values.title.trim().replace(/\s+/g, ' ');
  if (title === '') errors.title = t('admin.fields.titleMissing');
  else if (title.length > MAX_TITLE) errors.title = t('admin.fields.tooLong', { max: MAX_TITLE });
  if (values.body.length > MAX_BODY) errors.body = t('admin.fields.bodyTooLong', { max: MAX_BODY });
  const parentId = values.parent === '' ? null : parseId(values.parent);
  if (parentId === undefined) errors.parent = t('admin.fields.parentInvalid');
  const menuOrder = values.menuOrder === '' ? 0 : /^-?[0-9]{1,6}$/.test(values.menuOrder) ? Number(values.menuOrder) : Number.NaN;
  if (!Number.isInteger(menuOrder) || menuOrder < MENU_ORDER_RANGE.min || menuOrder > MENU_ORDER_RANGE.max)
    errors.menu_order = t('admin.fields.menuOrderInvalid', MENU_ORDER_RANGE);
  if (values.status !== 'draft' && values.status !== 'published') errors.status = t('admin.fields.statusInvalid');
  let version: Date | undefined;
  if (values.version !== '') {
    version = new Date(values.version);
    if (Number.isNaN(version.getTime())) errors.form = t('admin.pages.formDamaged');
  }
  Object.assign(errors, localControlCharacterErrors(fields, TEXT_FIELDS, messages));
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    version,
    draft: {
      title,
      slug: values.slug,
      bodyMarkdown: values.body,
      parentId: parentId ?? null,
      menuOrder,
      status: values.status as PageStatus,
    },
  };
}
