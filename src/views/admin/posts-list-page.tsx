import { LIST_STATUSES, type ListStatus } from '../../domain/post-editor.ts';
import { AdminLayout, type AdminChrome } from './admin-layout.tsx';

export interface PostsListRow {
  id: number;
  title: string;
  authorName: string;
  state: Exclude<ListStatus, 'all'>;
  /** The publication date, or for a draft when it last changed. */
  date: Date;
}

export interface PostsListPageProps extends AdminChrome {
  status: ListStatus;
  posts: PostsListRow[];
  page: number;
  hasNext: boolean;
  /** Whether the list holds everyone's posts or the user's own. */
  everyone: boolean;
}

function listPath(status: ListStatus, page: number): string {
  const params = new URLSearchParams();
  if (status !== 'all') params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/admin/posts/${query ? `?${query}` : ''}`;
}

export function PostsListPage(props: PostsListPageProps) {
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.posts.title')} section="posts">
      <p>
        <a href="/admin/posts/new/" class="button-link">
          {t('admin.posts.new')}
        </a>
      </p>
      <nav aria-label={t('admin.posts.filters')} class="post-filters">
        <ul>
          {LIST_STATUSES.map((s) => (
            <li>
              <a href={listPath(s, 1)} aria-current={s === props.status ? 'page' : undefined}>
                {t(`admin.posts.filter.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.posts.length === 0 ? (
        <p>{t('admin.posts.empty')}</p>
      ) : (
        <table class="admin-table posts-table">
          <caption class="visually-hidden">
            {t(props.everyone ? 'admin.posts.caption' : 'admin.posts.captionOwn', { filter: t(`admin.posts.filter.${props.status}`), page: props.page })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.posts.column.title')}</th>
              <th scope="col">{t('admin.posts.column.author')}</th>
              <th scope="col">{t('admin.posts.column.status')}</th>
              <th scope="col">{t('admin.posts.column.date')}</th>
            </tr>
          </thead>
          <tbody>
            {props.posts.map((p) => (
              <tr>
                <td>
                  <a href={`/admin/posts/${p.id}/`} dir="auto">
                    {p.title}
                  </a>
                </td>
                <td>
                  <bdi>{p.authorName}</bdi>
                </td>
                <td>{t(`admin.posts.state.${p.state}`)}</td>
                <td>
                  <time datetime={p.date.toISOString()}>
                    {p.state === 'draft' ? t('admin.posts.changedAt', { date: props.i18n.dateTime(p.date) }) : props.i18n.dateTime(p.date)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.page > 1 || props.hasNext ? (
        <nav aria-label={t('admin.posts.pages')} class="admin-pages">
          {props.page > 1 ? <a href={listPath(props.status, props.page - 1)}>{t('admin.posts.newer')}</a> : ''}
          {props.hasNext ? <a href={listPath(props.status, props.page + 1)}>{t('admin.posts.older')}</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}
