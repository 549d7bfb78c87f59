import { isMenuName, isMenuUrl, MAX_MENU_LABEL, type MenuName } from '../../domain/menus.ts';
import type { NewMenuItem } from '../../services/menus.ts';
import { messagesFor, REFERENCE_LANGUAGE, type Messages } from '../../i18n/messages.ts';
import { localControlCharacterErrors } from './field-messages.ts';
import { parseId } from './route-params.ts';

/** What the add-an-item form shows again when something is wrong. */
export interface MenuItemFormValues {
  menu: string;
  target: string;
  url: string;
  label: string;
}

/** "page:3", "category:5", "tag:7", "source:2", or "url" (the address typed beside it). */
const TARGET = /^(page|category|tag|source):([0-9]+)$/;

export type ParsedMenuItemForm =
  | { ok: true; values: MenuItemFormValues; item: NewMenuItem }
  | { ok: false; values: MenuItemFormValues; errors: Record<string, string> };

export function emptyMenuItemForm(menu: MenuName = 'header'): MenuItemFormValues {
  return { menu, target: '', url: '', label: '' };
}

/**
 * Reads the form that adds an item. A label left empty is the target's own name, looked up by
 * `nameOf` (a page's title, a category's name); an address needs one typed.
 */
export function parseMenuItemForm(
  fields: Readonly<Record<string, string>>,
  nameOf: (target: string) => string | undefined,
  messages: Messages = messagesFor(REFERENCE_LANGUAGE),
): ParsedMenuItemForm {
  const { t } = messages;
  const values: MenuItemFormValues = {
    menu: (fields.menu ?? '').trim(),
    target: (fields.target ?? '').trim(),
    url: (fields.url ?? '').trim(),
    label: (fields.label ?? '').trim().replace(/\s+/g, ' '),
  };
  const errors: Record<string, string> = localControlCharacterErrors(fields, ['label', 'url'], messages);
  if (!isMenuName(values.menu)) errors.menu = t('admin.fields.menuInvalid');
  const match = TARGET.exec(values.target);
  const targetId = match ? parseId(match[2]) : undefined;
  if (values.target !== 'url' && targetId === undefined) errors.target = t('admin.fields.targetInvalid');
  if (values.target === 'url' && !errors.url && !isMenuUrl(values.url)) errors.url = t('admin.fields.urlInvalid');
  const label = values.label || (values.target === 'url' ? '' : (nameOf(values.target) ?? ''));
  if (!errors.label) {
    if (label === '' && values.target === 'url') errors.label = t('admin.fields.labelMissing');
    else if (label === '' && targetId !== undefined) errors.target = t('admin.fields.targetInvalid');
    else if (label.length > MAX_MENU_LABEL) errors.label = t('admin.fields.tooLong', { max: MAX_MENU_LABEL });
  }
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  const menu = values.menu as MenuName;
  const item: NewMenuItem =
    values.target === 'url'
      ? { menu, label, kind: 'url', url: values.url }
      : { menu, label, kind: match![1] as 'page' | 'category' | 'tag' | 'source', targetId: targetId! };
  return { ok: true, values, item };
}
