import { pageHref } from '../../domain/pages.ts';
import { formatDateTime } from '../format.ts';
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

/** Words of the pages list an editor sees. */
const MESSAGES = {
  title: 'Pages',
  newPage: 'Write a new page',
  intro: 'Static pages such as About, Contact or your corrections policy. They have no date, are not listed with posts, and can be linked from the menus.',
  none: 'No pages yet.',
  caption: 'Every page, each under its parent',
  columns: { title: 'Title', address: 'Address', status: 'Status', order: 'Order', changed: 'Last changed' },
  status: { draft: 'Draft', published: 'Published' },
} as const;

export function PagesListPage(props: PagesListPageProps) {
  return (
    <AdminLayout {...props} title={MESSAGES.title} section="pages" notice={props.notice}>
      <p>{MESSAGES.intro}</p>
      <p>
        <a href="/admin/pages/new/" class="button-link">
          {MESSAGES.newPage}
        </a>
      </p>
      {props.pages.length === 0 ? (
        <p>{MESSAGES.none}</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">{MESSAGES.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{MESSAGES.columns.title}</th>
              <th scope="col">{MESSAGES.columns.address}</th>
              <th scope="col">{MESSAGES.columns.status}</th>
              <th scope="col">{MESSAGES.columns.order}</th>
              <th scope="col">{MESSAGES.columns.changed}</th>
            </tr>
          </thead>
          <tbody>
            {props.pages.map((p) => (
              <tr>
                <td class={`page-depth-${Math.min(p.path.split('/').length, 4)}`}>
                  <a href={`/admin/pages/${p.id}/`}>{p.title}</a>
                </td>
                <td>{p.status === 'published' ? <a href={pageHref(p.path)}>{`/${p.path}/`}</a> : `/${p.path}/`}</td>
                <td>{MESSAGES.status[p.status]}</td>
                <td>{p.menuOrder}</td>
                <td>
                  <time datetime={p.updatedAt.toISOString()}>{formatDateTime(p.updatedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}
