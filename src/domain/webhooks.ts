/** Webhooks: other software told of changes by an HTTP POST, signed, retried, once per event and address. */

export const WEBHOOK_EVENTS = ['post.published', 'post.updated', 'post.unpublished', 'comment.approved'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** How long a delivery is retried before it is given up: a receiver down for a night still gets it. */
export const WEBHOOK_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** The first retry's wait; each next one waits twice as long, up to WEBHOOK_MAX_BACKOFF_MS. */
export const WEBHOOK_FIRST_BACKOFF_MS = 30_000;
export const WEBHOOK_MAX_BACKOFF_MS = 60 * 60 * 1000;

/** When to try again after `attempts` failed tries: 30 s, 1 min, 2 min… up to an hour apart. */
export function nextWebhookAttemptAt(attempts: number, now: Date): Date {
  const wait = Math.min(WEBHOOK_MAX_BACKOFF_MS, WEBHOOK_FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + wait);
}

export type WebhookDeliveryStatus = 'queued' | 'delivered' | 'failed';

export interface WebhookEndpoint {
  id: number;
  url: string;
  events: WebhookEvent[];
  secret: string;
  createdAt: Date;
}

/** A delivery as the admin's log shows it. */
export interface WebhookDeliveryEntry {
  id: number;
  endpointUrl: string;
  event: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  dueAt: Date;
}

/** Why a delivery could not be made; `permanent` when trying again cannot help (an address that is refused). */
export class WebhookDeliveryError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'WebhookDeliveryError';
    this.permanent = permanent;
  }
}

/** What sends a signed delivery; jobs/webhook-sender.ts over HTTP. Resolves with the receiver's status. */
export interface WebhookSender {
  send(request: { url: string; body: string; headers: Record<string, string> }): Promise<number>;
}
