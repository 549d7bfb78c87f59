import type { BlockList } from 'node:net';
import type { CommentPace } from '../domain/comment-pace.ts';
import type { User } from '../domain/users.ts';
import type { Database } from '../storage/db.ts';
import type { PageCache } from './page-cache.ts';
import type { Logger } from '../logger.ts';
import type { MediaVariants } from '../services/media-variants.ts';

/** What the app is built from; tests build it the same way with their own database and clock. */
export interface AppDeps {
  database: Database;
  logger: Logger;
  /** The public origin behind a proxy (https://news.example.org); same-origin checks accept it. */
  siteUrl?: string;
  now?: () => Date;
  /** Anonymous pages cached whole and dropped exactly when what they show changes (http/page-cache.ts). */
  pageCache?: PageCache;
  /** This process's scheduled publishing (jobs/), told when a post is scheduled so it checks in time. */
  scheduler?: { wake(): void };
  /** This process's mail delivery (jobs/), told when a message is queued so it leaves at once. */
  mail?: { wake(): void; readonly description: string };
  /** Flood control and hourly comment limits; WordPress's defaults (DEFAULT_COMMENT_PACE) when absent. */
  commentPace?: CommentPace;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none when absent. */
  trustedProxies?: BlockList;
  /** This process's image work and cache folder of made sizes (MEDIA_* settings); a temporary folder when absent. */
  media?: MediaVariants;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by a route whose response may be cached whole: the keys of what the page shows (domain/page-keys.ts). */
    pageKeys: readonly string[];
    /**
     * Set with pageKeys by a route whose bytes depend on the request itself (absolute links made
     * from its Host header when no site URL is configured): the response gets validators and
     * 304s, but is not kept, so one client's Host header never reaches another client.
     */
    pageUnshared: boolean;
    /** The user a REST request's application password opened (http/rest/rest-auth.ts); unset for anonymous requests. */
    restUser: User | undefined;
  };
}
