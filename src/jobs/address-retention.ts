import type { Logger } from '../logger.ts';
import { clearExpiredAddresses } from '../services/privacy.ts';
import type { Db } from '../storage/db.ts';

/** How often comment addresses past the retention period are cleared: hourly keeps them at most an hour over. */
export const ADDRESS_CLEARING_INTERVAL_MS = 60 * 60 * 1000;

export interface AddressRetention {
  /** Runs one clearing now (also what the timer does); resolves with how many comments it cleared. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Clears comment IP addresses and browsers older than `retentionDays`, at start and then every
 * hour, in every serving process (the update is the same whoever runs it). Never keeps the
 * process alive; a failure (database down) is logged and tried again at the next hour.
 */
export function startAddressRetention(options: { db: Db; logger: Logger; retentionDays: number; now?: () => Date; intervalMs?: number }): AddressRetention {
  const now = options.now ?? (() => new Date());
  let running: Promise<number> | undefined;
  let stopped = false;
  const runOnce = (): Promise<number> => {
    running ??= clearExpiredAddresses(options.db, options.retentionDays, now())
      .then((cleared) => {
        if (cleared > 0) options.logger.info('cleared old comment addresses', { comments: cleared, retentionDays: options.retentionDays });
        return cleared;
      })
      .catch((error: unknown) => {
        options.logger.warn('clearing old comment addresses failed; trying again later', { error: String(error) });
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, options.intervalMs ?? ADDRESS_CLEARING_INTERVAL_MS);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
