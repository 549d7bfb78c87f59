import type { Child } from 'hono/jsx';
import { can, type User } from '../../domain/users.ts';
import type { PageLocale } from '../format.ts';

export interface AdminChrome {
  siteTitle: string;
  /** The site's stylesheet, then the admin's. */
  stylesheets: readonly string[];
  /** The signed-in user; null on the login and setup pages. */
  user: User | null;
  csrfToken: string | null;
  /** The words of the admin in the user's language, and its dates in the site's time zone. */
  i18n: PageLocale;
}

export interface AdminLayoutProps extends AdminChrome {
  title: string;
  /** Which menu entry is current. */
  section?: 'dashboard' | 'posts' | 'media' | 'pages' | 'menus' | 'comments' | 'users' | 'privacy' | 'settings' | 'mail' | 'webhooks' | 'account';
  /** A confirmation shown above the page's content ("Post published."). */
  notice?: string | null;
  children?: Child;
}

/** The hidden field every admin form carries; a request without it changes nothing. */
export function CsrfField({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

function NavLink(props: { href: string; current: boolean; children: Child }) {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  );
}

/** Every admin page: the site's name, the menu the user's role allows, and sign out. */
export function AdminLayout(props: AdminLayoutProps) {
  const { user } = props;
  const { t } = props.i18n;
  return (
    <html lang={props.i18n.language} dir={props.i18n.direction}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="color-scheme" content="light dark" />
        <title>{t('admin.documentTitle', { title: props.title, site: props.siteTitle })}</title>
        {props.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body class="admin">
        <a class="skip-link" href="#content">
          {t('layout.skipToContent')}
        </a>
        <header class="admin-bar">
          <p class="admin-site">
            <a href="/" dir="auto">
              {props.siteTitle}
            </a>{' '}
            <span class="admin-site-label">{t('admin.label')}</span>
          </p>
          {user ? (
            <div class="admin-user">
              <span>
                <bdi>{user.displayName}</bdi> · {t(`admin.role.${user.role}`)}
              </span>
              <form method="post" action="/admin/logout/">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="link-button">
                  {t('admin.signOut')}
                </button>
              </form>
            </div>
          ) : (
            ''
          )}
        </header>
        <div class="admin-frame">
          {user ? (
            <nav class="admin-nav" aria-label={t('admin.navigation')}>
              <ul>
                <NavLink href="/admin/" current={props.section === 'dashboard'}>
                  {t('admin.nav.dashboard')}
                </NavLink>
                <NavLink href="/admin/posts/" current={props.section === 'posts'}>
                  {t('admin.nav.posts')}
                </NavLink>
                {can(user, 'write') ? (
                  <NavLink href="/admin/media/" current={props.section === 'media'}>
                    {t('admin.nav.photos')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_pages') ? (
                  <NavLink href="/admin/pages/" current={props.section === 'pages'}>
                    {t('admin.nav.pages')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_pages') ? (
                  <NavLink href="/admin/menus/" current={props.section === 'menus'}>
                    {t('admin.nav.menus')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'moderate_comments') ? (
                  <NavLink href="/admin/comments/" current={props.section === 'comments'}>
                    {t('admin.nav.comments')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_users') ? (
                  <NavLink href="/admin/users/" current={props.section === 'users'}>
                    {t('admin.nav.users')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_users') ? (
                  <NavLink href="/admin/privacy/" current={props.section === 'privacy'}>
                    {t('admin.nav.privacy')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_settings') ? (
                  <NavLink href="/admin/settings/" current={props.section === 'settings'}>
                    {t('admin.nav.settings')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_settings') ? (
                  <NavLink href="/admin/mail/" current={props.section === 'mail'}>
                    {t('admin.nav.mail')}
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_settings') ? (
                  <NavLink href="/admin/webhooks/" current={props.section === 'webhooks'}>
                    {t('admin.nav.webhooks')}
                  </NavLink>
                ) : (
                  ''
                )}
                <NavLink href="/admin/account/" current={props.section === 'account'}>
                  {t('admin.nav.account')}
                </NavLink>
              </ul>
            </nav>
          ) : (
            ''
          )}
          <main id="content" tabindex={-1} class="admin-main">
            <h1>{props.title}</h1>
            {props.notice ? (
              <p class="admin-notice" role="status">
                {props.notice}
              </p>
            ) : (
              ''
            )}
            {props.children}
          </main>
        </div>
      </body>
    </html>
  );
}
