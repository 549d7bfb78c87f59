import type { Logger } from '../logger.ts';
import { announceDuePosts } from '../services/scheduling.ts';
import type { Db } from '../storage/db.ts';

/**
 * Longest sleep between checks: a post scheduled in another process (or on another node) is
 * seen within this time even though this process did not hear of it.
 */
export const MAX_SCHEDULER_SLEEP_MS = 60_000;
/** After a failed check (the database is down), try again this soon. */
const RETRY_AFTER_ERROR_MS = 5_000;
/** Wake a moment after the due time, so the post's time has surely come by every clock reading. */
const WAKE_MARGIN_MS = 20;

export interface Scheduler {
  /** Checks again now: this process has just scheduled a post, which may be due before the next check. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Announces scheduled posts when their time comes, in this serving process: it checks at start
 * (a post that fell due while the site was down appears at once), then sleeps until the next
 * due time, at most MAX_SCHEDULER_SLEEP_MS.
 */
export function startScheduledPublishing(options: { db: Db; logger: Logger; now?: () => Date; maxSleepMs?: number }): Scheduler {
  const now = options.now ?? (() => new Date());
  const maxSleep = options.maxSleepMs ?? MAX_SCHEDULER_SLEEP_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let again = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, Math.max(0, ms));
    // The scheduler never keeps a process alive on its own.
    timer.unref();
  };
  const check = async () => {
    try {
      const at = now();
      const result = await announceDuePosts(options.db, at);
      if (result.announced > 0) options.logger.info('scheduled posts went live', { count: result.announced });
      const untilNext = result.nextDueAt ? result.nextDueAt.getTime() - now().getTime() + WAKE_MARGIN_MS : maxSleep;
      schedule(Math.min(untilNext, maxSleep));
    } catch (error) {
      options.logger.warn('checking scheduled posts failed; trying again', { error: String(error) });
      schedule(Math.min(RETRY_AFTER_ERROR_MS, maxSleep));
    }
  };
  function tick() {
    timer = undefined;
    running = check().then(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        if (timer) clearTimeout(timer);
        tick();
      }
    });
  }
  tick();
  return {
    wake: () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      if (timer) clearTimeout(timer);
      tick();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
