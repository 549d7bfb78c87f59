import { LIST_STATUSES, type ListStatus } from '../../domain/post-editor.ts';
import { formatDateTime } from '../format.ts';
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

const FILTER_NAMES: Record<ListStatus, string> = { all: 'All', draft: 'Drafts', scheduled: 'Scheduled', published: 'Published' };
const STATE_NAMES: Record<PostsListRow['state'], string> = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' };

function listPath(status: ListStatus, page: number): string {
  const params = new URLSearchParams();
  if (status !== 'all') params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/admin/posts/${query ? `?${query}` : ''}`;
}

export function PostsListPage(props: PostsListPageProps) {
  return (
    <AdminLayout {...props} title="Posts" section="posts">
      <p>
        <a href="/admin/posts/new/" class="button-link">
          Write a new post
        </a>
      </p>
      <nav aria-label="Show posts" class="post-filters">
        <ul>
          {LIST_STATUSES.map((s) => (
            <li>
              <a href={listPath(s, 1)} aria-current={s === props.status ? 'page' : undefined}>
                {FILTER_NAMES[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.posts.length === 0 ? (
        <p>No posts here yet.</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">
            {FILTER_NAMES[props.status]} {props.everyone ? 'posts' : 'posts of yours'}, page {props.page}
          </caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Author</th>
              <th scope="col">Status</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {props.posts.map((p) => (
              <tr>
                <td>
                  <a href={`/admin/posts/${p.id}/`}>{p.title}</a>
                </td>
                <td>{p.authorName}</td>
                <td>{STATE_NAMES[p.state]}</td>
                <td>
                  <time datetime={p.date.toISOString()}>{p.state === 'draft' ? `Changed ${formatDateTime(p.date)}` : formatDateTime(p.date)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.page > 1 || props.hasNext ? (
        <nav aria-label="Pages of posts" class="admin-pages">
          {props.page > 1 ? <a href={listPath(props.status, props.page - 1)}>Newer posts</a> : ''}
          {props.hasNext ? <a href={listPath(props.status, props.page + 1)}>Older posts</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}
