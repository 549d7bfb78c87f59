import { can } from '../../domain/users.ts';
import { AdminLayout, type AdminChrome } from './admin-layout.tsx';

export interface DashboardPageProps extends AdminChrome {
  pendingComments: number;
  drafts: number;
  scheduled: number;
}

export function DashboardPage(props: DashboardPageProps) {
  const user = props.user!;
  const { t } = props.i18n;
  return (
    <AdminLayout {...props} title={t('admin.dashboard.title')} section="dashboard">
      <p>{t('admin.dashboard.welcome', { name: user.displayName })}</p>
      <ul class="admin-cards">
        <li>
          <a href="/admin/posts/new/">{t('admin.dashboard.newPost')}</a>
        </li>
        <li>
          <a href="/admin/posts/?status=draft">{t('admin.dashboard.drafts', { count: props.drafts })}</a>
        </li>
        <li>
          <a href="/admin/posts/?status=scheduled">{t('admin.dashboard.scheduled', { count: props.scheduled })}</a>
        </li>
        {can(user, 'moderate_comments') ? (
          <li>
            <a href="/admin/comments/">{t('admin.dashboard.pendingComments', { count: props.pendingComments })}</a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </AdminLayout>
  );
}
