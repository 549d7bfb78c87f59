import { pageHref } from '../../domain/pages.ts';
import { AdminLayout, type AdminChrome } from './admin-layout.tsx';

export interface PagesListRow {
  id: number;
  title: string;
  path: string;
  status: 'draft' | 'published';
  menuOrder: number;
  updatedAt: Date;
}

export interface PagesListPageProps extends AdminChrome {
  pages: PagesListRow[];
  notice?: string | null;
}

export function PagesListPage(props: PagesListPageProps) {
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.pages.title')} section="pages" notice={props.notice}>
      <p>{t('admin.pages.intro')}</p>
      <p>
        <a href="/admin/pages/new/" class="button-link">
          {t('admin.pages.new')}
        </a>
      </p>
      {props.pages.length === 0 ? (
        <p>{t('admin.pages.empty')}</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">{t('admin.pages.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.pages.column.title')}</th>
              <th scope="col">{t('admin.pages.column.address')}</th>
              <th scope="col">{t('admin.pages.column.status')}</th>
              <th scope="col">{t('admin.pages.column.order')}</th>
              <th scope="col">{t('admin.pages.column.changed')}</th>
            </tr>
          </thead>
          <tbody>
            {props.pages.map((p) => (
              <tr>
                <td class={`page-depth-${Math.min(p.path.split('/').length, 4)}`}>
                  <a href={`/admin/pages/${p.id}/`} dir="auto">
                    {p.title}
                  </a>
                </td>
                <td>{p.status === 'published' ? <a href={pageHref(p.path)}>{`/${p.path}/`}</a> : `/${p.path}/`}</td>
                <td>{t(`admin.pages.status.${p.status}`)}</td>
                <td>{p.menuOrder}</td>
                <td>
                  <time datetime={p.updatedAt.toISOString()}>{props.i18n.dateTime(p.updatedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}
