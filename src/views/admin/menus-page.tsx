import type { MenuItemKind, MenuName } from '../../domain/menus.ts';
import type { PageLocale } from '../format.ts';
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

const MENU_ORDER: readonly MenuName[] = ['header', 'footer'];

function ItemActions({
  id,
  first,
  last,
  label,
  csrf,
  i18n,
}: {
  id: number;
  first: boolean;
  last: boolean;
  label: string;
  csrf: string | null;
  i18n: PageLocale;
}) {
  const { t } = i18n;
  return (
    <div class="menu-actions">
      <form method="post" action={`/admin/menus/${id}/move/`}>
        <CsrfField token={csrf} />
        <input type="hidden" name="direction" value="up" />
        <button type="submit" class="secondary" disabled={first} aria-label={t('admin.menus.upLabel', { label })}>
          {t('admin.menus.up')}
        </button>
      </form>
      <form method="post" action={`/admin/menus/${id}/move/`}>
        <CsrfField token={csrf} />
        <input type="hidden" name="direction" value="down" />
        <button type="submit" class="secondary" disabled={last} aria-label={t('admin.menus.downLabel', { label })}>
          {t('admin.menus.down')}
        </button>
      </form>
      <form method="post" action={`/admin/menus/${id}/remove/`}>
        <CsrfField token={csrf} />
        <button type="submit" class="secondary" aria-label={t('admin.menus.removeLabel', { label })}>
          {t('admin.menus.remove')}
        </button>
      </form>
    </div>
  );
}

function MenuTable({ menu, items, csrf, i18n }: { menu: MenuName; items: MenuItemRow[]; csrf: string | null; i18n: PageLocale }) {
  const { t } = i18n;
  return (
    <section class="admin-section" aria-labelledby={`menu-${menu}`}>
      <h2 id={`menu-${menu}`}>{t(`admin.menus.name.${menu}`)}</h2>
      {items.length === 0 ? (
        <p>{t('admin.menus.empty')}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.menus.column.label')}</th>
              <th scope="col">{t('admin.menus.column.target')}</th>
              <th scope="col">{t('admin.menus.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr>
                <td>{item.label}</td>
                <td>
                  {t(`admin.menus.kind.${item.kind}`)}: {item.href === null ? <em>{t('admin.menus.hidden')}</em> : <a href={item.href}>{item.href}</a>}
                </td>
                <td>
                  <ItemActions id={item.id} first={i === 0} last={i === items.length - 1} label={item.label} csrf={csrf} i18n={i18n} />
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
  const { t } = props.i18n;
  const option = (value: string, text: string) => (
    <option value={value} selected={values.target === value}>
      {text}
    </option>
  );
  return (
    <AdminLayout {...props} title={t('admin.menus.title')} section="menus" notice={props.notice}>
      <p>{t('admin.menus.intro')}</p>
      {MENU_ORDER.map((menu) => (
        <MenuTable menu={menu} items={props.menus[menu]} csrf={props.csrfToken} i18n={props.i18n} />
      ))}
      <section class="admin-section" aria-labelledby="add-item">
        <h2 id="add-item">{t('admin.menus.addHeading')}</h2>
        <ErrorSummary errors={errors} i18n={props.i18n} />
        <form method="post" action="/admin/menus/" class="menu-item-form" novalidate>
          <CsrfField token={props.csrfToken} />
          <fieldset class="field">
            <legend>{t('admin.menus.menu')}</legend>
            {MENU_ORDER.map((menu) => (
              <div class="field-checkbox">
                {/* The first choice carries the field's id, which the error summary links to. */}
                <input type="radio" id={menu === 'header' ? 'menu' : `menu-${menu}-choice`} name="menu" value={menu} checked={values.menu === menu} />
                <label for={menu === 'header' ? 'menu' : `menu-${menu}-choice`}>{t(`admin.menus.name.${menu}`)}</label>
              </div>
            ))}
            <FieldError id="menu" message={errors.menu} />
          </fieldset>
          <div class="field">
            <label for="target">{t('admin.menus.target')}</label>
            <span class="field-hint" id="target-hint">
              {t('admin.menus.targetHint')}
            </span>
            <select
              id="target"
              name="target"
              aria-invalid={errors.target ? 'true' : undefined}
              aria-describedby={errors.target ? 'target-hint target-error' : 'target-hint'}
            >
              {option('', t('admin.menus.choose'))}
              {targets.pages.length > 0 ? (
                <optgroup label={t('admin.menus.group.pages')}>
                  {targets.pages.map((p) => option(`page:${p.id}`, p.published ? p.title : t('admin.menus.draftPage', { title: p.title })))}
                </optgroup>
              ) : (
                ''
              )}
              {targets.categories.length > 0 ? (
                <optgroup label={t('admin.menus.group.categories')}>{targets.categories.map((c) => option(`category:${c.id}`, c.name))}</optgroup>
              ) : (
                ''
              )}
              {targets.tags.length > 0 ? <optgroup label={t('admin.menus.group.tags')}>{targets.tags.map((g) => option(`tag:${g.id}`, g.name))}</optgroup> : ''}
              {targets.sources.length > 0 ? (
                <optgroup label={t('admin.menus.group.sources')}>{targets.sources.map((s) => option(`source:${s.id}`, s.name))}</optgroup>
              ) : (
                ''
              )}
              <optgroup label={t('admin.menus.group.other')}>{option('url', t('admin.menus.anAddress'))}</optgroup>
            </select>
            <FieldError id="target" message={errors.target} />
          </div>
          <TextField name="url" label={t('admin.menus.url')} value={values.url} errors={errors} hint={t('admin.menus.urlHint')} />
          <TextField name="label" label={t('admin.menus.label')} value={values.label} errors={errors} hint={t('admin.menus.labelHint')} />
          <div class="editor-buttons">
            <button type="submit">{t('admin.menus.add')}</button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}
