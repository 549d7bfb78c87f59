/** Webhook endpoints and their deliveries: a queue claimed row by row, and the log the admin shows. */
import type { WebhookDeliveryEntry, WebhookDeliveryStatus, WebhookEndpoint, WebhookEvent } from '../domain/webhooks.ts';
import { isWebhookEvent } from '../domain/webhooks.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Database, Db, Executor } from './db.ts';

function toEndpoint(row: { id: number; url: string; events: string; secret: string; created_at: string }): WebhookEndpoint {
  return { id: row.id, url: row.url, events: row.events.split(',').filter(isWebhookEvent), secret: row.secret, createdAt: fromDbTime(row.created_at) };
}

export async function insertWebhookEndpoint(
  db: Executor,
  endpoint: { url: string; events: readonly WebhookEvent[]; secret: string },
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('webhook_endpoints')
    .values({ url: endpoint.url, events: endpoint.events.join(','), secret: endpoint.secret, created_at: toDbTime(now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listWebhookEndpoints(db: Executor, limit: number): Promise<WebhookEndpoint[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').limit(limit).execute();
  return rows.map(toEndpoint);
}

export async function deleteWebhookEndpoint(db: Executor, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** One queued delivery per endpoint that wants this event; call it in the transaction of the change. */
export async function insertWebhookDeliveries(db: Executor, event: WebhookEvent, payload: string, now: Date): Promise<number> {
  const endpoints = (await db.selectFrom('webhook_endpoints').select(['id', 'events']).execute()).filter((e) => e.events.split(',').includes(event));
  if (endpoints.length === 0) return 0;
  await db
    .insertInto('webhook_deliveries')
    .values(endpoints.map((e) => ({ endpoint_id: e.id, event, payload, status: 'queued' as const, due_at: toDbTime(now), created_at: toDbTime(now) })))
    .execute();
  return endpoints.length;
}

export interface ClaimedWebhook {
  id: number;
  url: string;
  secret: string;
  event: string;
  payload: string;
  attempts: number;
  createdAt: Date;
}

/**
 * Claims the oldest queued delivery whose time has come, for `leaseMs`, in one short
 * transaction: the row is selected with the dialect's skip-locked claim (PostgreSQL passes over
 * rows another sender is claiming instead of waiting for them), then given this sender's token
 * and a lease that runs until `leaseMs` from now on the database's clock. Whether a lease has run
 * out is asked of that one clock too, so senders whose own clocks disagree (by minutes, on nodes
 * without time sync) still never hold the same row at once; a crashed sender's claim runs out.
 * `now` is only the schedule: a retry is due when the sender's clock says so.
 */
export async function claimDueWebhook(database: Database, claimToken: string, now: Date, leaseMs: number): Promise<ClaimedWebhook | undefined> {
  const at = toDbTime(now);
  const { db } = database;
  const claimed = await db.transaction().execute(async (tx) => {
    const due = await database.dialect
      .skipLockedRows(
        tx
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '=', 'queued')
          .where('due_at', '<=', at)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', db.clockTime())]))
          .orderBy('due_at')
          .orderBy('id')
          .limit(1),
      )
      .executeTakeFirst();
    if (!due) return undefined;
    const result = await tx
      .updateTable('webhook_deliveries')
      .set((eb) => ({ claim_token: claimToken, lease_until: db.clockTime(leaseMs), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', due.id)
      .where('status', '=', 'queued')
      .where('due_at', '<=', at)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', db.clockTime())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? due.id : undefined;
  });
  if (claimed === undefined) return undefined;
  const row = await database.db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .select([
      'webhook_deliveries.id',
      'webhook_endpoints.url',
      'webhook_endpoints.secret',
      'webhook_deliveries.event',
      'webhook_deliveries.payload',
      'webhook_deliveries.attempts',
      'webhook_deliveries.created_at',
    ])
    .where('webhook_deliveries.id', '=', claimed)
    .where('webhook_deliveries.claim_token', '=', claimToken)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      url: row.url,
      secret: row.secret,
      event: row.event,
      payload: row.payload,
      attempts: row.attempts,
      createdAt: fromDbTime(row.created_at),
    }
  );
}

/** Records an outcome for a claimed delivery; false when the claim was lost (it ran out and another sender took it). */
export async function settleWebhookDelivery(
  db: Executor,
  id: number,
  claimToken: string,
  outcome: { status: WebhookDeliveryStatus; lastStatus: number | null; lastError: string | null; dueAt?: Date; deliveredAt?: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      claim_token: null,
      lease_until: null,
      last_status: outcome.lastStatus,
      last_error: outcome.lastError,
      ...(outcome.dueAt ? { due_at: toDbTime(outcome.dueAt) } : {}),
      ...(outcome.deliveredAt ? { delivered_at: toDbTime(outcome.deliveredAt) } : {}),
    })
    .where('id', '=', id)
    .where('claim_token', '=', claimToken)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * When the next unclaimed delivery falls due. Rows another sender holds are left out: their
 * lease is on the database's clock, which this process cannot compare with its own; its
 * regular look at the queue finds them if that sender dies.
 */
export async function findNextWebhookDue(db: Db): Promise<Date | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('due_at').as('due'))
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', db.clockTime())]))
    .executeTakeFirst();
  return row?.due ? fromDbTime(row.due) : undefined;
}

/** The newest deliveries first, without their bodies. */
export async function listWebhookDeliveries(db: Executor, limit: number): Promise<WebhookDeliveryEntry[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .select([
      'webhook_deliveries.id',
      'webhook_endpoints.url',
      'webhook_deliveries.event',
      'webhook_deliveries.status',
      'webhook_deliveries.attempts',
      'webhook_deliveries.last_status',
      'webhook_deliveries.last_error',
      'webhook_deliveries.created_at',
      'webhook_deliveries.delivered_at',
      'webhook_deliveries.due_at',
    ])
    .orderBy('webhook_deliveries.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    endpointUrl: r.url,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: fromDbTime(r.created_at),
    deliveredAt: r.delivered_at === null ? null : fromDbTime(r.delivered_at),
    dueAt: fromDbTime(r.due_at),
  }));
}
