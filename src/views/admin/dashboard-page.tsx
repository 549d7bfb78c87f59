import { can } from '../../domain/users.ts';
import { AdminLayout, type AdminChrome } from './admin-layout.tsx';

export interface DashboardPageProps extends AdminChrome {
  pendingComments: number;
  drafts: number;
  scheduled: number;
}

export function DashboardPage(props: DashboardPageProps) {
  const user = props.user!;
  return (
    <AdminLayout {...props} title="Dashboard" section="dashboard">
      <p>Welcome, {user.displayName}.</p>
      <ul class="admin-cards">
        <li>
          <a href="/admin/posts/new/">Write a new post</a>
        </li>
        <li>
          <a href="/admin/posts/?status=draft">
            {props.drafts} {props.drafts === 1 ? 'draft' : 'drafts'}
          </a>
        </li>
        <li>
          <a href="/admin/posts/?status=scheduled">{props.scheduled} scheduled</a>
        </li>
        {can(user, 'moderate_comments') ? (
          <li>
            <a href="/admin/comments/">
              {props.pendingComments} {props.pendingComments === 1 ? 'comment' : 'comments'} awaiting moderation
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </AdminLayout>
  );
}
