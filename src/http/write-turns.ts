/**
 * Form posts take turns: a few start per turn of the event loop (http/server.ts queues every
 * POST here before the app sees it). On SQLite a write runs to its end without giving the loop
 * back (the driver is synchronous), so a burst of posts that arrived together would otherwise
 * run back to back, each with its body parsing, checks and response, while the page reads that
 * arrived with them wait for all of them. Taking turns puts the reads that arrived meanwhile
 * between every few posts: a flood of comments slows other comments, not the readers.
 */
export interface WriteTurns {
  /** Resolves when this write may start. */
  take(): Promise<void>;
  /** Writes waiting for their turn, for tests and logs. */
  waiting(): number;
}

/**
 * Posts started per turn. One a turn held a flood of comments to the turns the page reads left
 * (about 500 a second while 15,000 reads a second were answered, the reads' p99 at 6 ms). Two
 * gave 750-820 a second with the reads' p99 at 12 ms; four gave 1,000 but put it at 23 ms, past
 * the 20 ms the reads are allowed during a flood.
 */
export const WRITES_PER_TURN = 2;

export function createWriteTurns(perTurn: number = WRITES_PER_TURN): WriteTurns {
  const queue: Array<() => void> = [];
  let scheduled = false;
  const next = () => {
    scheduled = false;
    for (let started = 0; started < perTurn && queue.length > 0; started++) queue.shift()!();
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
