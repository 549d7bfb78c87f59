import type { SiteSettings } from '../../domain/settings.ts';

/** What every page needs besides its own content. */
export interface PageChrome {
  site: Pick<SiteSettings, 'title' | 'tagline' | 'timezone'>;
  stylesheet: string;
  now: Date;
}
