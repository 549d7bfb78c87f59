import type { MailKind, OutboxEntry, OutboxStatus } from '../domain/mail.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Db, Executor } from './db.ts';

/** A message to queue; it is tried at once. */
export interface NewMail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  /** Reader mail's one-click unsubscribe address. */
  unsubscribeUrl?: string | undefined;
  /** When it may first be tried: now, or later for a digest that gathers what comes meanwhile. */
  dueAt?: Date | undefined;
}

/** A message a sender has claimed: it alone may record what became of it. */
export interface ClaimedMail {
  id: number;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attempts: number;
  createdAt: Date;
  kind: MailKind;
  unsubscribeUrl: string | null;
}

export async function insertOutboxMail(db: Executor, mail: NewMail, now: Date): Promise<number> {
  const row = await db
    .insertInto('outbox')
    .values({
      kind: mail.kind,
      recipient: mail.to,
      subject: mail.subject,
      body_text: mail.text,
      message_id: mail.messageId,
      status: 'queued',
      due_at: toDbTime(mail.dueAt ?? now),
      created_at: toDbTime(now),
      unsubscribe_url: mail.unsubscribeUrl ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims the oldest queued message whose time has come, for `leaseMs`: it gets this sender's
 * token and a lease until `leaseMs` from now on the database's clock, so no other sender
 * (process or node) takes it meanwhile, whatever their own clocks say, and if this one dies the
 * claim simply runs out. One UPDATE whose WHERE is checked again on the row it locks: of two
 * senders racing for a row, PostgreSQL re-reads it for the second, which then finds it leased
 * and skips it; SQLite runs one writer at a time. `now` is only the schedule of attempts.
 */
export async function claimDueMail(db: Db, claimToken: string, now: Date, leaseMs: number): Promise<ClaimedMail | undefined> {
  const at = toDbTime(now);
  await db
    .updateTable('outbox')
    .set((eb) => ({ claim_token: claimToken, lease_until: db.clockTime(leaseMs), attempts: eb('attempts', '+', 1) }))
    .where('status', '=', 'queued')
    .where('due_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', db.clockTime())]))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'queued')
        .where('due_at', '<=', at)
        .where((inner) => inner.or([inner('lease_until', 'is', null), inner('lease_until', '<=', db.clockTime())]))
        .orderBy('due_at')
        .orderBy('id')
        .limit(1),
    )
    .execute();
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'kind', 'recipient', 'subject', 'body_text', 'message_id', 'attempts', 'created_at', 'unsubscribe_url'])
    .where('claim_token', '=', claimToken)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      to: row.recipient,
      subject: row.subject,
      text: row.body_text,
      messageId: row.message_id,
      attempts: row.attempts,
      createdAt: fromDbTime(row.created_at),
      kind: row.kind,
      unsubscribeUrl: row.unsubscribe_url,
    }
  );
}

/** Records an outcome for a claimed message; false when the claim was lost (it ran out and another sender took it). */
async function settle(
  db: Executor,
  id: number,
  claimToken: string,
  values: { status: OutboxStatus; due_at?: string; sent_at?: string; last_error?: string | null; body_text?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ ...values, claim_token: null, lease_until: null })
    .where('id', '=', id)
    .where('claim_token', '=', claimToken)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The body is emptied: once sent it is not needed, and it may hold a link that still works. */
export function markMailSent(db: Executor, id: number, claimToken: string, now: Date): Promise<boolean> {
  return settle(db, id, claimToken, { status: 'sent', sent_at: toDbTime(now), body_text: '' });
}

export function markMailRetry(db: Executor, id: number, claimToken: string, dueAt: Date, reason: string): Promise<boolean> {
  return settle(db, id, claimToken, { status: 'queued', due_at: toDbTime(dueAt), last_error: reason });
}

export function markMailFailed(db: Executor, id: number, claimToken: string, reason: string): Promise<boolean> {
  return settle(db, id, claimToken, { status: 'failed', last_error: reason, body_text: '' });
}

/** When the next queued message falls due, or undefined when none waits. */
/** When the next unclaimed message falls due; those another sender holds are left out, as for webhooks (storage/webhooks.ts). */
export async function findNextMailDue(db: Db): Promise<Date | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('due_at').as('due'))
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', db.clockTime())]))
    .executeTakeFirst();
  return row?.due ? fromDbTime(row.due) : undefined;
}

/** The newest messages first, without their bodies. */
export async function listOutboxMail(db: Executor, limit: number): Promise<OutboxEntry[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'kind', 'recipient', 'subject', 'status', 'attempts', 'last_error', 'created_at', 'sent_at', 'due_at'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: fromDbTime(r.created_at),
    sentAt: r.sent_at === null ? null : fromDbTime(r.sent_at),
    dueAt: fromDbTime(r.due_at),
  }));
}

export async function countOutboxByStatus(db: Executor): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { queued: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** A digest still waiting to leave, which what happens meanwhile is added to. */
export interface QueuedDigest {
  id: number;
  subject: string;
  text: string;
}

/** The queued, unclaimed message of this kind to this address, if one waits (a digest not yet sent). */
export async function findQueuedDigest(db: Executor, to: string, kind: MailKind): Promise<QueuedDigest | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'subject', 'body_text'])
    .where('recipient', '=', to)
    .where('kind', '=', kind)
    .where('status', '=', 'queued')
    .where('claim_token', 'is', null)
    .where('attempts', '=', 0)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, subject: row.subject, text: row.body_text };
}

/** Rewrites a digest that no sender has claimed yet; false when one has (it is leaving as it was). */
export async function rewriteQueuedDigest(db: Executor, id: number, subject: string, text: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ subject, body_text: text })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('claim_token', 'is', null)
    .where('attempts', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the newest message of this kind to this address was queued, if one ever was. */
export async function findLastMailQueuedAt(db: Executor, to: string, kind: MailKind): Promise<Date | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('recipient', '=', to)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.at ? fromDbTime(row.at) : undefined;
}

/** Drops reader mail still waiting for an address (its owner asked to be erased or to hear no more). */
export async function deleteQueuedMailTo(db: Executor, to: string, kinds: readonly MailKind[]): Promise<number> {
  if (kinds.length === 0) return 0;
  const result = await db
    .deleteFrom('outbox')
    .where('recipient', '=', to)
    .where('kind', 'in', [...kinds])
    .where('status', '=', 'queued')
    .where('claim_token', 'is', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
