import type { Child } from 'hono/jsx';
import { can, ROLE_NAMES, type User } from '../../domain/users.ts';

export interface AdminChrome {
  siteTitle: string;
  /** The site's stylesheet, then the admin's. */
  stylesheets: readonly string[];
  /** The signed-in user; null on the login and setup pages. */
  user: User | null;
  csrfToken: string | null;
}

export interface AdminLayoutProps extends AdminChrome {
  title: string;
  /** Which menu entry is current. */
  section?: 'dashboard' | 'posts' | 'comments' | 'users' | 'privacy' | 'settings' | 'mail' | 'webhooks' | 'account';
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
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${props.title} ‹ ${props.siteTitle} — Admin`}</title>
        {props.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body class="admin">
        <a class="skip-link" href="#content">
          Skip to content
        </a>
        <header class="admin-bar">
          <p class="admin-site">
            <a href="/">{props.siteTitle}</a> <span class="admin-site-label">Admin</span>
          </p>
          {user ? (
            <div class="admin-user">
              <span>
                {user.displayName} · {ROLE_NAMES[user.role]}
              </span>
              <form method="post" action="/admin/logout/">
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="link-button">
                  Sign out
                </button>
              </form>
            </div>
          ) : (
            ''
          )}
        </header>
        <div class="admin-frame">
          {user ? (
            <nav class="admin-nav" aria-label="Admin">
              <ul>
                <NavLink href="/admin/" current={props.section === 'dashboard'}>
                  Dashboard
                </NavLink>
                <NavLink href="/admin/posts/" current={props.section === 'posts'}>
                  Posts
                </NavLink>
                {can(user, 'moderate_comments') ? (
                  <NavLink href="/admin/comments/" current={props.section === 'comments'}>
                    Comments
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_users') ? (
                  <NavLink href="/admin/users/" current={props.section === 'users'}>
                    Users
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_users') ? (
                  <NavLink href="/admin/privacy/" current={props.section === 'privacy'}>
                    Privacy
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_settings') ? (
                  <NavLink href="/admin/settings/" current={props.section === 'settings'}>
                    Settings
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_settings') ? (
                  <NavLink href="/admin/mail/" current={props.section === 'mail'}>
                    Mail
                  </NavLink>
                ) : (
                  ''
                )}
                {can(user, 'manage_settings') ? (
                  <NavLink href="/admin/webhooks/" current={props.section === 'webhooks'}>
                    Webhooks
                  </NavLink>
                ) : (
                  ''
                )}
                <NavLink href="/admin/account/" current={props.section === 'account'}>
                  Your account
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
