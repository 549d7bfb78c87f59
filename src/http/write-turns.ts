/**
 * Form posts take turns: one starts per turn of the event loop (http/server.ts queues every
 * POST here before the app sees it). On SQLite a write runs to its end without giving the loop
 * back (the driver is synchronous), so a burst of posts that arrived together would otherwise
 * run back to back, each with its body parsing, checks and response, while the page reads that
 * arrived with them wait for all of them. Taking turns puts the reads that arrived meanwhile
 * between two posts: a flood of comments slows other comments, not the readers.
 */
export interface WriteTurns {
  /** Resolves when this write may start. */
  take(): Promise<void>;
  /** Writes waiting for their turn, for tests and logs. */
  waiting(): number;
}

export function createWriteTurns(): WriteTurns {
  const queue: Array<() => void> = [];
  let scheduled = false;
  const next = () => {
    scheduled = false;
    queue.shift()?.();
    // Scheduled from within the loop's check phase, the next release runs on the next turn,
    // after the poll phase has answered whatever arrived meanwhile.
    if (queue.length > 0) {
      scheduled = true;
      setImmediate(next);
    }
  };
  return {
    take: () =>
      new Promise<void>((resolve) => {
        queue.push(resolve);
        if (!scheduled) {
          scheduled = true;
          setImmediate(next);
        }
      }),
    waiting: () => queue.length,
  };
}
