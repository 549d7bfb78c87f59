import type { Child } from 'hono/jsx';
import { profileSiteName } from '../domain/identity.ts';
import type { SiteMenus } from '../domain/menus.ts';
import type { SiteSettings } from '../domain/settings.ts';
import type { PageLocale } from './format.ts';

/** The site's identity as pages show it, with the addresses of its images (http/public/identity.ts). */
export interface SiteLook {
  logo?: { src: string; width: number; height: number };
  icons: Array<{ rel: 'icon' | 'apple-touch-icon'; href: string; sizes: string; type: string }>;
  /** The accent colour's stylesheet, after site.css. */
  themeStylesheet?: string;
  themeColor?: string;
  footerText: string;
  socialLinks: string[];
}

/** What every page shows of the site: its name and tagline, and its identity when the database could be read. */
export type SiteChrome = Pick<SiteSettings, 'title' | 'tagline' | 'timezone'> & { look?: SiteLook };

export interface LayoutProps {
  site: SiteChrome;
  /** The page's own title; the site's name is added after it. Undefined on the home page. */
  title?: string;
  description?: string;
  /** Path of the page's canonical URL. */
  canonicalPath?: string;
  /** Keep the page out of search engines (reply-to views, paginated duplicates). */
  noindex?: boolean;
  stylesheet: string;
  now: Date;
  /** Feeds of this page's own list (an archive's feed), announced besides the site's feeds. */
  alternates?: ReadonlyArray<{ type: string; title: string; href: string }>;
  /** Extra elements for <head>: an article's OpenGraph tags and structured data. */
  head?: Child;
  /** The words of the current search, kept in the search box. */
  searchQuery?: string;
  /** The site's header and footer menus (admin → Menus). */
  menus?: SiteMenus;
  i18n: PageLocale;
  children?: Child;
}

/** The site's own feeds, announced on every page so feed readers find them from any address. */
const SITE_FEEDS = [
  { type: 'application/rss+xml', title: 'RSS', href: '/feed/' },
  { type: 'application/atom+xml', title: 'Atom', href: '/feed/atom/' },
  { type: 'application/feed+json', title: 'JSON Feed', href: '/feed/json/' },
] as const;

export function Layout(props: LayoutProps) {
  const look = props.site.look;
  const { t } = props.i18n;
  const fullTitle = props.title ? `${props.title} – ${props.site.title}` : `${props.site.title} – ${props.site.tagline}`;
  return (
    <html lang={props.i18n.language} dir={props.i18n.direction}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {props.description ? <meta name="description" content={props.description} /> : ''}
        {props.canonicalPath ? <link rel="canonical" href={props.canonicalPath} /> : ''}
        {props.noindex ? <meta name="robots" content="noindex" /> : ''}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={props.stylesheet} />
        {look?.themeStylesheet ? <link rel="stylesheet" href={look.themeStylesheet} /> : ''}
        {look?.themeColor ? <meta name="theme-color" content={look.themeColor} /> : ''}
        {(look?.icons ?? []).map((i) => (
          <link rel={i.rel} href={i.href} sizes={i.sizes} type={i.type} />
        ))}
        <link rel="manifest" href="/manifest.webmanifest" />
        {SITE_FEEDS.map((f) => (
          <link rel="alternate" type={f.type} title={`${props.site.title} – ${f.title}`} href={f.href} />
        ))}
        {(props.alternates ?? []).map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#content">
          {t('layout.skipToContent')}
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <p class="masthead-date">{props.i18n.date(props.now)}</p>
            {look?.logo ? (
              <p class="site-title site-title-logo">
                <a href="/">
                  {/* The logo stands for the site's name, which is its text alternative. */}
                  <img src={look.logo.src} width={look.logo.width} height={look.logo.height} alt={props.site.title} />
                </a>
              </p>
            ) : (
              <p class="site-title">
                <a href="/" dir="auto">
                  {props.site.title}
                </a>
              </p>
            )}
            {props.site.tagline ? (
              <p class="site-tagline" dir="auto">
                {props.site.tagline}
              </p>
            ) : (
              ''
            )}
          </div>
          {/* biome-ignore lint/a11y/useSemanticElements: a form with role="search" is what every screen reader knows; the newer <search> element is not yet */}
          <form class="site-search" role="search" action="/" method="get">
            <label for="site-search-input">{t('layout.search')}</label>
            <input type="search" id="site-search-input" name="s" value={props.searchQuery ?? ''} maxlength={200} dir="auto" />
            <button type="submit">{t('layout.searchButton')}</button>
          </form>
          <nav class="site-nav" aria-label={t('layout.mainNavigation')}>
            <ul>
              <li>
                <a href="/">{t('layout.latestNews')}</a>
              </li>
              {(props.menus?.header ?? []).map((item) => (
                <li>
                  <a href={item.href}>{item.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="content" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          {props.menus && props.menus.footer.length > 0 ? (
            <nav class="footer-nav" aria-label={t('layout.footerNavigation')}>
              <ul>
                {props.menus.footer.map((item) => (
                  <li>
                    <a href={item.href} dir="auto">
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : (
            ''
          )}
          {look?.footerText ? (
            <p class="site-footer-text" dir="auto">
              {look.footerText}
            </p>
          ) : (
            ''
          )}
          {look && look.socialLinks.length > 0 ? (
            <nav class="site-profiles" aria-label={t('layout.profiles')}>
              <ul>
                {look.socialLinks.map((link) => (
                  <li>
                    <a href={link} rel="me noopener">
                      {profileSiteName(link)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : (
            ''
          )}
          <p>{props.i18n.rich('layout.footer', { site: <bdi>{props.site.title}</bdi> })}</p>
        </footer>
      </body>
    </html>
  );
}
