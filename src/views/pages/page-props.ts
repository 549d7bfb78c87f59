import type { SiteMenus } from '../../domain/menus.ts';
import type { SiteSettings } from '../../domain/settings.ts';

/** What every page needs besides its own content. */
export interface PageChrome {
  site: Pick<SiteSettings, 'title' | 'tagline' | 'timezone'>;
  stylesheet: string;
  now: Date;
  /** The header and footer menus; none on error pages, which are drawn without the database. */
  menus?: SiteMenus;
}
