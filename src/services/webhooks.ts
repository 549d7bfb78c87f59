import { createHmac, randomBytes } from 'node:crypto';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import { permalinkOf } from '../domain/posts.ts';
import {
  isWebhookEvent,
  nextWebhookAttemptAt,
  WEBHOOK_LIFETIME_MS,
  WebhookDeliveryError,
  type WebhookDeliveryEntry,
  type WebhookEndpoint,
  type WebhookEvent,
  type WebhookSender,
} from '../domain/webhooks.ts';
import type { Database, Db, Executor } from '../storage/db.ts';
import {
  claimDueWebhook,
  deleteWebhookEndpoint,
  findNextWebhookDue,
  insertWebhookDeliveries,
  insertWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  settleWebhookDelivery,
} from '../storage/webhooks.ts';

/** Endpoints a site may have: a handful of tools; the cap keeps one change's deliveries few. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
/** Deliveries the admin's log shows. */
export const WEBHOOK_LOG_SIZE = 100;
/** Longest accepted endpoint address. */
const MAX_URL_LENGTH = 2_000;
/** How long a sender holds a delivery it claimed: far longer than one request may take (jobs/webhook-sender.ts gives it 10 s). */
export const WEBHOOK_CLAIM_LEASE_MS = 2 * 60_000;
/** Deliveries one round sends at most, so a long queue never holds a process in one loop. */
const MAX_DELIVERIES_PER_ROUND = 100;
/** The header carrying the time stamp and the signature (Stripe's `t=…,v1=…` convention). */
export const SIGNATURE_HEADER = 'Wirepress-Signature';

/**
 * The signature of a delivery: HMAC-SHA256 with the endpoint's secret over the time stamp (Unix
 * seconds), a dot and the exact body, in hex, as Stripe signs its webhooks. The receiver
 * recomputes it and refuses an old time stamp, so a captured delivery cannot be replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The URL as an endpoint keeps it, or a DomainError naming the field. */
function checkEndpointUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DomainError('invalid', 'Not an address', { url: 'Enter a full address such as https://tools.example.org/hooks/wirepress.' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError('invalid', 'Not http(s)', { url: 'The address must start with https:// (or http://).' });
  }
  if (url.username || url.password) throw new DomainError('invalid', 'Credentials', { url: 'Leave the user name and password out of the address.' });
  if (url.href.length > MAX_URL_LENGTH) throw new DomainError('invalid', 'Too long', { url: `Use an address of at most ${MAX_URL_LENGTH} characters.` });
  return url.href;
}

export function listWebhookEndpointsOf(db: Db): Promise<WebhookEndpoint[]> {
  return listWebhookEndpoints(db, MAX_WEBHOOK_ENDPOINTS);
}

/** A new endpoint with a new secret (shown on the webhooks page for the receiver to check signatures). */
export async function addWebhookEndpoint(db: Db, input: { url: string; events: readonly string[] }, now: Date): Promise<number> {
  const url = checkEndpointUrl(input.url);
  const events = input.events.filter(isWebhookEvent);
  if (events.length === 0) throw new DomainError('invalid', 'No events', { events: 'Choose at least one event to send.' });
  return db.transaction().execute(async (tx) => {
    if ((await listWebhookEndpoints(tx, MAX_WEBHOOK_ENDPOINTS)).length >= MAX_WEBHOOK_ENDPOINTS) {
      throw new DomainError('invalid', 'Too many', { url: `A site has at most ${MAX_WEBHOOK_ENDPOINTS} webhooks: remove one first.` });
    }
    return insertWebhookEndpoint(tx, { url, events, secret: `whsec_${randomBytes(24).toString('base64url')}` }, now);
  });
}

export async function removeWebhookEndpoint(db: Db, id: number): Promise<void> {
  if (!(await deleteWebhookEndpoint(db, id))) throw new NotFoundError('Webhook');
}

export function loadWebhookLog(db: Db): Promise<WebhookDeliveryEntry[]> {
  return listWebhookDeliveries(db, WEBHOOK_LOG_SIZE);
}

/**
 * Queues the event for every endpoint that wants it; call it with the transaction that makes the
 * change, so a delivery exists exactly when its change does. The body is fixed now.
 */
export function queueWebhookEvent(tx: Executor, event: WebhookEvent, data: Record<string, unknown>, now: Date): Promise<number> {
  const payload = JSON.stringify({ event, created_at: now.toISOString(), data });
  return insertWebhookDeliveries(tx, event, payload, now);
}

/** What a post event says of the post: enough to fetch it from the REST API, and its address. */
export function webhookPostData(post: { id: number; slug: string; title: string; publishedAt: Date | null }, status: 'publish' | 'future' | 'draft') {
  return {
    post: {
      id: post.id,
      title: post.title,
      slug: post.slug,
      status,
      link: status === 'publish' && post.publishedAt ? permalinkOf({ slug: post.slug, publishedAt: post.publishedAt }) : null,
      rest: `/wp-json/wp/v2/posts/${post.id}`,
    },
  };
}

export interface WebhookRound {
  delivered: number;
  retried: number;
  failed: number;
  nextDueAt: Date | undefined;
}

const MAX_REASON_LENGTH = 500;
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_LENGTH) || 'Unknown error';
}

/**
 * Sends the deliveries that are due, each claimed by one sender, so any number of processes and
 * nodes can run this at once and each delivery goes out from one of them. A 2xx answer delivers
 * it; anything else, or no answer, is tried again with growing waits for a day, then given up
 * with its reason kept. Exactly once as far as HTTP allows: only a crash between the receiver's
 * answer and the record of it sends a delivery again, with the same Wirepress-Delivery id.
 */
export async function deliverDueWebhooks(database: Database, sender: WebhookSender, now: () => Date): Promise<WebhookRound> {
  const round: WebhookRound = { delivered: 0, retried: 0, failed: 0, nextDueAt: undefined };
  for (let n = 0; n < MAX_DELIVERIES_PER_ROUND; n++) {
    const claimToken = randomBytes(16).toString('hex');
    const delivery = await claimDueWebhook(database, claimToken, now(), WEBHOOK_CLAIM_LEASE_MS);
    if (!delivery) break;
    const timestamp = Math.floor(now().getTime() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    let permanent = false;
    try {
      status = await sender.send({
        url: delivery.url,
        body: delivery.payload,
        headers: {
          'Content-Type': 'application/json',
          'Wirepress-Event': delivery.event,
          'Wirepress-Delivery': String(delivery.id),
          [SIGNATURE_HEADER]: `t=${timestamp},v1=${signWebhook(delivery.secret, timestamp, delivery.payload)}`,
        },
      });
    } catch (caught) {
      error = reasonOf(caught);
      permanent = caught instanceof WebhookDeliveryError && caught.permanent;
    }
    const at = now();
    if (status !== null && status >= 200 && status < 300) {
      await settleWebhookDelivery(database.db, delivery.id, claimToken, { status: 'delivered', lastStatus: status, lastError: null, deliveredAt: at });
      round.delivered += 1;
    } else if (permanent || at.getTime() - delivery.createdAt.getTime() >= WEBHOOK_LIFETIME_MS) {
      await settleWebhookDelivery(database.db, delivery.id, claimToken, { status: 'failed', lastStatus: status, lastError: error ?? `HTTP ${status}` });
      round.failed += 1;
    } else {
      const dueAt = nextWebhookAttemptAt(delivery.attempts, at);
      await settleWebhookDelivery(database.db, delivery.id, claimToken, { status: 'queued', lastStatus: status, lastError: error ?? `HTTP ${status}`, dueAt });
      round.retried += 1;
    }
  }
  round.nextDueAt = await findNextWebhookDue(database.db);
  return round;
}
