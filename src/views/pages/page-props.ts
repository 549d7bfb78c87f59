import type { SiteMenus } from '../../domain/menus.ts';
import type { PageLocale } from '../format.ts';
import type { SiteChrome } from '../layout.tsx';

/** What every page needs besides its own content. */
export interface PageChrome {
  site: SiteChrome;
  stylesheet: string;
  now: Date;
  /** The header and footer menus; none on error pages, which are drawn without the database. */
  menus?: SiteMenus;
  /** The site's language and time zone: every word and date the page shows. */
  i18n: PageLocale;
}
