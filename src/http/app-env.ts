import type { Database } from '../storage/db.ts';
import type { Logger } from '../logger.ts';

/** What the app is built from; tests build it the same way with their own database and clock. */
export interface AppDeps {
  database: Database;
  logger: Logger;
  /** The public origin behind a proxy (https://news.example.org); same-origin checks accept it. */
  siteUrl?: string;
  now?: () => Date;
}

export interface AppEnv {
  Variables: {
    requestId: string;
  };
}
