import { Migrator, type Migration } from 'kysely';
import type { Database } from './db.ts';
import * as initial from './migrations/001-initial.ts';
import * as contentChanges from './migrations/002-content-changes.ts';
import * as taxonomy from './migrations/003-taxonomy.ts';
import * as search from './migrations/004-search.ts';
import * as accounts from './migrations/005-accounts.ts';
import * as editorial from './migrations/006-editorial.ts';
import * as commentPace from './migrations/007-comment-pace.ts';
import * as privacy from './migrations/008-privacy.ts';
import * as spamFilter from './migrations/009-spam-filter.ts';
import * as commentTextIndex from './migrations/010-comment-text-index.ts';
import * as startUpIndexes from './migrations/011-start-up-indexes.ts';
import * as relatedPostsIndexes from './migrations/012-related-posts-indexes.ts';
import * as relatedRankings from './migrations/013-related-rankings.ts';
import * as commentSubmissionKeys from './migrations/014-comment-submission-keys.ts';
import * as mail from './migrations/015-mail.ts';
import * as userStatus from './migrations/016-user-status.ts';
import * as twoFactor from './migrations/017-two-factor.ts';
import * as pages from './migrations/018-pages.ts';
import * as menus from './migrations/019-menus.ts';
import * as wordpressImport from './migrations/020-wordpress-import.ts';
import * as media from './migrations/021-media.ts';
import * as subscriptions from './migrations/022-subscriptions.ts';
import * as restAccess from './migrations/023-rest-access.ts';
import * as userLanguage from './migrations/024-user-language.ts';
import * as identitySearch from './migrations/025-identity-search.ts';
import * as wordpressPages from './migrations/027-wordpress-pages.ts';
import * as wordpressPhotos from './migrations/028-wordpress-photos.ts';
import * as claimLeases from './migrations/029-claim-leases.ts';
import * as mediaUses from './migrations/030-media-uses.ts';
import * as deletedPages from './migrations/031-deleted-pages.ts';
import * as pinnedPosts from './migrations/033-pinned-posts.ts';
import * as pageSearch from './migrations/034-page-search.ts';

/** Migrations in order; names sort in the order they run. Never edit one that has shipped. */
function migrationsFor(database: Database): Record<string, Migration> {
  const { dialect } = database;
  return {
    '001-initial': { up: (db) => initial.up(db, dialect) },
    '002-content-changes': { up: (db) => contentChanges.up(db, dialect) },
    '003-taxonomy': { up: (db) => taxonomy.up(db, dialect) },
    '004-search': { up: (db) => search.up(db, dialect) },
    '005-accounts': { up: (db) => accounts.up(db, dialect) },
    '006-editorial': { up: (db) => editorial.up(db, dialect) },
    '007-comment-pace': { up: (db) => commentPace.up(db, dialect) },
    '008-privacy': { up: (db) => privacy.up(db, dialect) },
    '009-spam-filter': { up: (db) => spamFilter.up(db, dialect) },
    '010-comment-text-index': { up: (db) => commentTextIndex.up(db, dialect) },
    '011-start-up-indexes': { up: (db) => startUpIndexes.up(db, dialect) },
    '012-related-posts-indexes': { up: (db) => relatedPostsIndexes.up(db, dialect) },
    '013-related-rankings': { up: (db) => relatedRankings.up(db, dialect) },
    '014-comment-submission-keys': { up: (db) => commentSubmissionKeys.up(db, dialect) },
    '015-mail': { up: (db) => mail.up(db, dialect) },
    '016-user-status': { up: (db) => userStatus.up(db, dialect) },
    '017-two-factor': { up: (db) => twoFactor.up(db, dialect) },
    '018-pages': { up: (db) => pages.up(db, dialect) },
    '019-menus': { up: (db) => menus.up(db, dialect) },
    '020-wordpress-import': { up: (db) => wordpressImport.up(db, dialect) },
    '021-media': { up: (db) => media.up(db, dialect) },
    '022-subscriptions': { up: (db) => subscriptions.up(db, dialect) },
    '023-rest-access': { up: (db) => restAccess.up(db, dialect) },
    '024-user-language': { up: (db) => userLanguage.up(db, dialect) },
    '025-identity-search': { up: (db) => identitySearch.up(db, dialect) },
    '027-wordpress-pages': { up: (db) => wordpressPages.up(db, dialect) },
    '028-wordpress-photos': { up: (db) => wordpressPhotos.up(db, dialect) },
    '029-claim-leases': { up: (db) => claimLeases.up(db, dialect) },
    '030-media-uses': { up: (db) => mediaUses.up(db, dialect) },
    '031-deleted-pages': { up: (db) => deletedPages.up(db, dialect) },
    '033-pinned-posts': { up: (db) => pinnedPosts.up(db, dialect) },
    '034-page-search': { up: (db) => pageSearch.up(db, dialect) },
  };
}

function migratorFor(database: Database): Migrator {
  return new Migrator({ db: database.db, provider: { getMigrations: async () => migrationsFor(database) } });
}

/**
 * Brings the schema up to date; throws with the failing migration's name. Safe to run from
 * several processes at once: Kysely's migrator takes a lock first (on PostgreSQL an advisory
 * lock), so one migrates and the others wait, then find nothing left to do.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = migratorFor(database);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause.message}`, { cause });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this code knows that the database has not run; reading them also proves the database answers. */
export async function listPendingMigrations(database: Database): Promise<string[]> {
  const migrations = await migratorFor(database).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Brings the schema up to the named migration and no further: for tests of what a later one does with rows written before it. */
export async function migrateTo(database: Database, name: string): Promise<void> {
  const { error } = await migratorFor(database).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
