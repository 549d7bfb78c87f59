import type { Child } from 'hono/jsx';
import type { SiteSettings } from '../domain/settings.ts';
import { formatDate } from './format.ts';

export interface LayoutProps {
  site: Pick<SiteSettings, 'title' | 'tagline'>;
  /** The page's own title; the site's name is added after it. Undefined on the home page. */
  title?: string;
  description?: string;
  /** Path of the page's canonical URL. */
  canonicalPath?: string;
  /** Keep the page out of search engines (reply-to views, paginated duplicates). */
  noindex?: boolean;
  stylesheet: string;
  now: Date;
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const fullTitle = props.title ? `${props.title} – ${props.site.title}` : `${props.site.title} – ${props.site.tagline}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {props.description ? <meta name="description" content={props.description} /> : ''}
        {props.canonicalPath ? <link rel="canonical" href={props.canonicalPath} /> : ''}
        {props.noindex ? <meta name="robots" content="noindex" /> : ''}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={props.stylesheet} />
      </head>
      <body>
        <a class="skip-link" href="#content">
          Skip to content
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <p class="masthead-date">{formatDate(props.now)}</p>
            <p class="site-title">
              <a href="/">{props.site.title}</a>
            </p>
            {props.site.tagline ? <p class="site-tagline">{props.site.tagline}</p> : ''}
          </div>
          <nav class="site-nav" aria-label="Main">
            <ul>
              <li>
                <a href="/">Latest news</a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="content" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>
            {props.site.title} · Published with Wirepress
          </p>
        </footer>
      </body>
    </html>
  );
}
