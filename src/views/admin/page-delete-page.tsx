import type { MenuName } from '../../domain/menus.ts';
import { pageHref } from '../../domain/pages.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';

export interface PageDeletePageProps extends AdminChrome {
  page: { id: number; title: string; path: string; status: 'draft' | 'published' };
  /** Pages under it; it cannot be deleted while it has any. */
  childPages: ReadonlyArray<{ id: number; title: string; path: string }>;
  /** Menu items leading to it; it cannot be deleted while any does. */
  menuItems: ReadonlyArray<{ id: number; menu: MenuName; label: string }>;
}

/**
 * The step before a page is deleted, a plain form so it works without JavaScript: what deleting
 * it does, or what has to change first.
 */
export function PageDeletePage(props: PageDeletePageProps) {
  const { page, childPages: children, menuItems } = props;
  const { t } = props.i18n;
  const blocked = children.length > 0 || menuItems.length > 0;
  return (
    <AdminLayout {...props} title={t('admin.pages.deleteTitle', { title: page.title })} section="pages">
      <p>
        <a href={`/admin/pages/${page.id}/`}>{t('admin.pages.backToPage')}</a>
      </p>
      {blocked ? (
        <div class="admin-warning" role="alert">
          <p>{t('admin.pages.deleteBlocked')}</p>
          {children.length > 0 ? (
            <>
              <h2>{t('admin.pages.deleteChildren', { count: children.length })}</h2>
              <ul>
                {children.map((child) => (
                  <li>
                    <a href={`/admin/pages/${child.id}/`} dir="auto">
                      {child.title}
                    </a>{' '}
                    <span dir="ltr">{`/${child.path}/`}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            ''
          )}
          {menuItems.length > 0 ? (
            <>
              <h2>{t('admin.pages.deleteMenuItems', { count: menuItems.length })}</h2>
              <ul>
                {menuItems.map((item) => (
                  <li>
                    {t(`admin.menus.name.${item.menu}`)}: <bdi>{item.label}</bdi>
                  </li>
                ))}
              </ul>
              <p>
                <a href="/admin/menus/">{t('admin.pages.deleteEditMenus')}</a>
              </p>
            </>
          ) : (
            ''
          )}
        </div>
      ) : (
        <form method="post" action={`/admin/pages/${page.id}/delete/`}>
          <CsrfField token={props.csrfToken} />
          <p>
            {page.status === 'published'
              ? t('admin.pages.deleteConfirmPublished', { address: decodeURI(pageHref(page.path)) })
              : t('admin.pages.deleteConfirmDraft')}
          </p>
          <div class="editor-buttons">
            <button type="submit" class="danger">
              {t('admin.pages.deleteButton')}
            </button>
            <a href={`/admin/pages/${page.id}/`}>{t('admin.pages.deleteCancel')}</a>
          </div>
        </form>
      )}
    </AdminLayout>
  );
}
