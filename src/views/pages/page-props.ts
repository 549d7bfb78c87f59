import type { SiteChrome } from '../layout.tsx';

/** What every page needs besides its own content. */
export interface PageChrome {
  site: SiteChrome;
  stylesheet: string;
  now: Date;
}
