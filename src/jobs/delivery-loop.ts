/** After a failed look (the database is down), try again this soon. */
const RETRY_AFTER_ERROR_MS = 5_000;

export interface DeliveryLoop {
  /** Looks at the queue now: this process has just queued something. */
  wake(): void;
  /** One round now (also what the timer does); resolves when it is over. */
  runOnce(): Promise<void>;
  /** No more rounds; resolves when the one under way is over. */
  stop(): Promise<void>;
}

/**
 * Runs rounds of an outbox's delivery in this process: at start (what was queued while the site
 * was down leaves at once), when woken, when the next retry falls due, and at least every
 * `maxSleepMs` (what another process or node queued, which cannot wake this one). One round at
 * a time; a wake during a round runs another after it. Shared by mail and webhooks: the rows'
 * claims, not this loop, give each message to one sender.
 */
export function startDeliveryLoop(options: {
  /** One round; resolves with when the next queued item falls due, if one waits. */
  round: () => Promise<Date | undefined>;
  onError: (error: unknown) => void;
  now: () => Date;
  maxSleepMs: number;
}): DeliveryLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void runOnce(), Math.max(0, Math.min(ms, options.maxSleepMs)));
    // Delivery never keeps a process alive on its own.
    timer.unref();
  };
  const round = async () => {
    try {
      const nextDueAt = await options.round();
      schedule(nextDueAt ? nextDueAt.getTime() - options.now().getTime() : options.maxSleepMs);
    } catch (error) {
      options.onError(error);
      schedule(RETRY_AFTER_ERROR_MS);
    }
  };
  const runOnce = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    if (timer) clearTimeout(timer);
    timer = undefined;
    running = round().finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        void runOnce();
      }
    });
    return running;
  };
  void runOnce();
  return {
    wake: () => {
      if (!stopped) void runOnce();
    },
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
