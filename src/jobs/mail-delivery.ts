import type { MailTransport } from '../domain/mail.ts';
import type { Logger } from '../logger.ts';
import { deliverDueMail } from '../services/outbox.ts';
import { mailNewPosts } from '../services/subscriptions.ts';
import type { Db } from '../storage/db.ts';
import { startDeliveryLoop } from './delivery-loop.ts';

/**
 * Longest sleep between looks at the outbox: mail queued by another process or node (which
 * cannot wake this one) leaves within this time.
 */
export const MAX_MAIL_SLEEP_MS = 30_000;

export interface MailDelivery {
  /** Where this process sends mail, for the log and the admin. */
  readonly description: string;
  /** Looks at the outbox now: this process has just queued a message. */
  wake(): void;
  /** One round now (also what the timer does); resolves when it is over. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Delivers the outbox from this serving process (jobs/delivery-loop.ts: at start, when woken,
 * when the next retry falls due, and at least every MAX_MAIL_SLEEP_MS). Every process runs one;
 * the outbox's claims give each message to one.
 */
export function startMailDelivery(options: {
  db: Db;
  transport: MailTransport;
  logger: Logger;
  now?: () => Date;
  maxSleepMs?: number;
  /** The site's public origin for links in mail about new posts; without one, none is queued. */
  origin?: () => string | undefined;
}): MailDelivery {
  const now = options.now ?? (() => new Date());
  const loop = startDeliveryLoop({
    now,
    maxSleepMs: options.maxSleepMs ?? MAX_MAIL_SLEEP_MS,
    round: async () => {
      // Posts that went live (here or in another process) are mailed about first, then delivered with the rest.
      const origin = options.origin?.();
      if (origin) {
        const posts = await mailNewPosts(options.db, { origin }, now());
        if (posts > 0) options.logger.info('new posts mailed to subscribers', { posts });
      }
      const result = await deliverDueMail(options.db, options.transport, now);
      if (result.sent > 0) options.logger.info('mail sent', { count: result.sent, to: options.transport.description });
      if (result.retried > 0) options.logger.warn('mail not sent; will try again', { count: result.retried, to: options.transport.description });
      if (result.failed > 0) options.logger.error('mail given up; see the outbox in the admin', { count: result.failed, to: options.transport.description });
      return result.nextDueAt;
    },
    onError: (error) => options.logger.warn('delivering mail failed; trying again', { error: String(error) }),
  });
  return {
    description: options.transport.description,
    wake: loop.wake,
    runOnce: loop.runOnce,
    stop: async () => {
      await loop.stop();
      options.transport.close();
    },
  };
}
