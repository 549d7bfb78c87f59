import type { MenuItemKind, MenuName } from '../../domain/menus.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, FieldError } from './fields.tsx';
import { TextField } from './post-fields.tsx';

export interface MenuItemRow {
  id: number;
  label: string;
  kind: MenuItemKind;
  /** Where it leads; null when its target is gone or a draft, so readers do not see it. */
  href: string | null;
}

export interface MenuTargetChoices {
  pages: ReadonlyArray<{ id: number; title: string; path: string; published: boolean }>;
  categories: ReadonlyArray<{ id: number; name: string }>;
  tags: ReadonlyArray<{ id: number; name: string }>;
  sources: ReadonlyArray<{ id: number; name: string }>;
}

export interface MenusPageProps extends AdminChrome {
  menus: Record<MenuName, MenuItemRow[]>;
  targets: MenuTargetChoices;
  values: { menu: string; target: string; url: string; label: string };
  errors: Record<string, string>;
  notice?: string | null;
}

/** Words of the menus page an editor sees. */
const MESSAGES = {
  title: 'Menus',
  intro: 'The links readers see on every page: the header menu under the site’s name (after “Latest news”), the footer menu at the bottom.',
  menuNames: { header: 'Header menu', footer: 'Footer menu' },
  empty: 'No items yet.',
  kinds: { page: 'Page', category: 'Category', tag: 'Tag', source: 'Source', url: 'Address' },
  hidden: 'Not shown: what it links to is a draft or was removed.',
  columns: { label: 'Label', target: 'Links to', actions: 'Actions' },
  up: 'Move up',
  down: 'Move down',
  remove: 'Remove',
  addHeading: 'Add an item',
  menu: 'Menu',
  target: 'Links to',
  targetHint: 'A page, a category, a tag or a source of this site, or an address you type below.',
  choose: 'Choose…',
  groups: { pages: 'Pages', categories: 'Categories', tags: 'Tags', sources: 'Sources', other: 'Other' },
  draftPage: '(draft)',
  anAddress: 'An address (type it below)',
  url: 'Address',
  urlHint: 'Only for “An address”: https://… for another site, or /… for a page of this one.',
  label: 'Label',
  labelHint: 'The words the menu shows. Leave empty to use the page’s title or the category’s, tag’s or source’s name.',
  add: 'Add to the menu',
} as const;

const MENU_ORDER: readonly MenuName[] = ['header', 'footer'];

function ItemActions({ id, first, last, label, csrf }: { id: number; first: boolean; last: boolean; label: string; csrf: string | null }) {
  return (
    <div class="menu-actions">
      <form method="post" action={`/admin/menus/${id}/move/`}>
        <CsrfField token={csrf} />
        <input type="hidden" name="direction" value="up" />
        <button type="submit" class="secondary" disabled={first} aria-label={`${MESSAGES.up}: ${label}`}>
          {MESSAGES.up}
        </button>
      </form>
      <form method="post" action={`/admin/menus/${id}/move/`}>
        <CsrfField token={csrf} />
        <input type="hidden" name="direction" value="down" />
        <button type="submit" class="secondary" disabled={last} aria-label={`${MESSAGES.down}: ${label}`}>
          {MESSAGES.down}
        </button>
      </form>
      <form method="post" action={`/admin/menus/${id}/remove/`}>
        <CsrfField token={csrf} />
        <button type="submit" class="secondary" aria-label={`${MESSAGES.remove}: ${label}`}>
          {MESSAGES.remove}
        </button>
      </form>
    </div>
  );
}

function MenuTable({ menu, items, csrf }: { menu: MenuName; items: MenuItemRow[]; csrf: string | null }) {
  return (
    <section class="admin-section" aria-labelledby={`menu-${menu}`}>
      <h2 id={`menu-${menu}`}>{MESSAGES.menuNames[menu]}</h2>
      {items.length === 0 ? (
        <p>{MESSAGES.empty}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{MESSAGES.columns.label}</th>
              <th scope="col">{MESSAGES.columns.target}</th>
              <th scope="col">{MESSAGES.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr>
                <td>{item.label}</td>
                <td>
                  {MESSAGES.kinds[item.kind]}: {item.href === null ? <em>{MESSAGES.hidden}</em> : <a href={item.href}>{item.href}</a>}
                </td>
                <td>
                  <ItemActions id={item.id} first={i === 0} last={i === items.length - 1} label={item.label} csrf={csrf} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function MenusPage(props: MenusPageProps) {
  const { values, errors, targets } = props;
  const option = (value: string, text: string) => (
    <option value={value} selected={values.target === value}>
      {text}
    </option>
  );
  return (
    <AdminLayout {...props} title={MESSAGES.title} section="menus" notice={props.notice}>
      <p>{MESSAGES.intro}</p>
      {MENU_ORDER.map((menu) => (
        <MenuTable menu={menu} items={props.menus[menu]} csrf={props.csrfToken} />
      ))}
      <section class="admin-section" aria-labelledby="add-item">
        <h2 id="add-item">{MESSAGES.addHeading}</h2>
        <ErrorSummary errors={errors} />
        <form method="post" action="/admin/menus/" class="menu-item-form" novalidate>
          <CsrfField token={props.csrfToken} />
          <fieldset class="field">
            <legend>{MESSAGES.menu}</legend>
            {MENU_ORDER.map((menu) => (
              <div class="field-checkbox">
                {/* The first choice carries the field's id, which the error summary links to. */}
                <input type="radio" id={menu === 'header' ? 'menu' : `menu-${menu}-choice`} name="menu" value={menu} checked={values.menu === menu} />
                <label for={menu === 'header' ? 'menu' : `menu-${menu}-choice`}>{MESSAGES.menuNames[menu]}</label>
              </div>
            ))}
            <FieldError id="menu" message={errors.menu} />
          </fieldset>
          <div class="field">
            <label for="target">{MESSAGES.target}</label>
            <span class="field-hint" id="target-hint">
              {MESSAGES.targetHint}
            </span>
            <select
              id="target"
              name="target"
              aria-invalid={errors.target ? 'true' : undefined}
              aria-describedby={errors.target ? 'target-hint target-error' : 'target-hint'}
            >
              {option('', MESSAGES.choose)}
              {targets.pages.length > 0 ? (
                <optgroup label={MESSAGES.groups.pages}>
                  {targets.pages.map((p) => option(`page:${p.id}`, p.published ? p.title : `${p.title} ${MESSAGES.draftPage}`))}
                </optgroup>
              ) : (
                ''
              )}
              {targets.categories.length > 0 ? (
                <optgroup label={MESSAGES.groups.categories}>{targets.categories.map((t) => option(`category:${t.id}`, t.name))}</optgroup>
              ) : (
                ''
              )}
              {targets.tags.length > 0 ? <optgroup label={MESSAGES.groups.tags}>{targets.tags.map((t) => option(`tag:${t.id}`, t.name))}</optgroup> : ''}
              {targets.sources.length > 0 ? (
                <optgroup label={MESSAGES.groups.sources}>{targets.sources.map((s) => option(`source:${s.id}`, s.name))}</optgroup>
              ) : (
                ''
              )}
              <optgroup label={MESSAGES.groups.other}>{option('url', MESSAGES.anAddress)}</optgroup>
            </select>
            <FieldError id="target" message={errors.target} />
          </div>
          <TextField name="url" label={MESSAGES.url} value={values.url} errors={errors} hint={MESSAGES.urlHint} />
          <TextField name="label" label={MESSAGES.label} value={values.label} errors={errors} hint={MESSAGES.labelHint} />
          <div class="editor-buttons">
            <button type="submit">{MESSAGES.add}</button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}
