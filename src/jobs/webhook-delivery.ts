import type { WebhookSender } from '../domain/webhooks.ts';
import type { Logger } from '../logger.ts';
import { deliverDueWebhooks } from '../services/webhooks.ts';
import type { Database } from '../storage/db.ts';
import { type DeliveryLoop, startDeliveryLoop } from './delivery-loop.ts';

/** Longest sleep between looks at the queue: deliveries queued by another process or node leave within this time. */
export const MAX_WEBHOOK_SLEEP_MS = 15_000;

/** Delivers webhooks from this serving process; every process runs one, and each delivery's claim gives it to one. */
export function startWebhookDelivery(options: {
  database: Database;
  sender: WebhookSender;
  logger: Logger;
  now?: () => Date;
  maxSleepMs?: number;
}): DeliveryLoop {
  const now = options.now ?? (() => new Date());
  return startDeliveryLoop({
    now,
    maxSleepMs: options.maxSleepMs ?? MAX_WEBHOOK_SLEEP_MS,
    round: async () => {
      const result = await deliverDueWebhooks(options.database, options.sender, now);
      if (result.delivered > 0) options.logger.info('webhooks delivered', { count: result.delivered });
      if (result.retried > 0) options.logger.warn('webhooks not delivered; will try again', { count: result.retried });
      if (result.failed > 0) options.logger.error('webhooks given up; see the delivery log in the admin', { count: result.failed });
      return result.nextDueAt;
    },
    onError: (error) => options.logger.warn('delivering webhooks failed; trying again', { error: String(error) }),
  });
}
