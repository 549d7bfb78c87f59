import type { Database } from '../storage/db.ts';
import { listPendingMigrations } from '../storage/migrate.ts';

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Ready means the database answers and has every migration this code needs. */
export async function checkReadiness(database: Database): Promise<Readiness> {
  try {
    const pending = await listPendingMigrations(database);
    return pending.length === 0 ? { ready: true } : { ready: false, reason: `migrations not run yet: ${pending.join(', ')}` };
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
