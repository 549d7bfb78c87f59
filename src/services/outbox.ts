import { randomBytes } from 'node:crypto';
import {
  isSingleMailbox,
  MAIL_QUEUE_LIFETIME_MS,
  subjectLine,
  MailDeliveryError,
  nextMailAttemptAt,
  type MailKind,
  type MailTransport,
  type OutboxEntry,
  type OutboxStatus,
} from '../domain/mail.ts';
import type { Db, Executor } from '../storage/db.ts';
import {
  claimDueMail,
  countOutboxByStatus,
  findNextMailDue,
  insertOutboxMail,
  listOutboxMail,
  markMailFailed,
  markMailRetry,
  markMailSent,
} from '../storage/outbox.ts';
import { suppressAddress } from '../storage/subscriptions.ts';

/**
 * How long a sender holds a message it has claimed. Longer than any one SMTP exchange can last
 * with the transport's timeouts (mail/transport.ts: about two minutes at most), so a claim never
 * runs out while its sender is still talking to the server; after a crash the message waits
 * this long before another sender takes it.
 */
export const MAIL_CLAIM_LEASE_MS = 10 * 60_000;
/** Messages one round of delivery sends at most, so a long queue never holds a process in one loop. */
const MAX_MESSAGES_PER_ROUND = 100;
/** Longest reason kept from a server's answer or an error. */
const MAX_REASON_LENGTH = 500;

/**
 * Writes a message to the outbox; call it with the transaction that makes its cause, so the
 * message exists exactly when its cause does. `origin` names the site in its Message-ID.
 */
export async function queueMail(
  tx: Executor,
  mail: { kind: MailKind; to: string; subject: string; text: string; unsubscribeUrl?: string | undefined; dueAt?: Date | undefined },
  origin: string,
  now: Date,
): Promise<number> {
  // The last line against header injection: one mailbox in To, one line of subject, and an
  // unsubscribe address of printable characters only (it is the site's own link).
  if (!isSingleMailbox(mail.to)) throw new Error('A message can only be queued to one plain email address');
  if (mail.unsubscribeUrl !== undefined && !/^https?:\/\/[\x21-\x7e]+$/.test(mail.unsubscribeUrl))
    throw new Error('An unsubscribe address must be a plain http(s) URL');
  const host = new URL(origin).hostname || 'localhost';
  return insertOutboxMail(tx, { ...mail, subject: subjectLine(mail.subject), messageId: `<${randomBytes(16).toString('hex')}@${host}>` }, now);
}

export interface DeliveryRound {
  sent: number;
  retried: number;
  failed: number;
  /** When the next queued message falls due, if one waits. */
  nextDueAt: Date | undefined;
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_LENGTH) || 'Unknown error';
}

/**
 * Sends the messages that are due, one claimed at a time so that any number of processes and
 * nodes can run this at once and each message goes to one of them. A temporary failure is tried
 * again later, each time waiting twice as long; a permanent one (or five days of temporary ones)
 * is given up with its reason kept.
 *
 * Exactly once, as far as a database and an SMTP server can promise it: a message is marked
 * sent right after the server accepts it; only a crash between the two sends it again, with the
 * same Message-ID.
 */
export async function deliverDueMail(db: Db, transport: MailTransport, now: () => Date): Promise<DeliveryRound> {
  const round: DeliveryRound = { sent: 0, retried: 0, failed: 0, nextDueAt: undefined };
  for (let n = 0; n < MAX_MESSAGES_PER_ROUND; n++) {
    const claimToken = randomBytes(16).toString('hex');
    const mail = await claimDueMail(db, claimToken, now(), MAIL_CLAIM_LEASE_MS);
    if (!mail) break;
    try {
      await transport.send({
        outboxId: mail.id,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        unsubscribeUrl: mail.unsubscribeUrl ?? undefined,
      });
    } catch (error) {
      const reason = reasonOf(error);
      const at = now();
      const permanent = error instanceof MailDeliveryError && error.permanent;
      if (permanent || at.getTime() - mail.createdAt.getTime() >= MAIL_QUEUE_LIFETIME_MS) {
        const failed = await markMailFailed(db, mail.id, claimToken, permanent ? reason : `Gave up after ${mail.attempts} attempts: ${reason}`);
        // A hard bounce: reader mail stops going to this address (a new subscription confirmed by its owner lifts it).
        if (failed && permanent) await suppressAddress(db, mail.to, reason, at);
        round.failed += 1;
      } else {
        await markMailRetry(db, mail.id, claimToken, nextMailAttemptAt(mail.attempts, at), reason);
        round.retried += 1;
      }
      continue;
    }
    await markMailSent(db, mail.id, claimToken, now());
    round.sent += 1;
  }
  round.nextDueAt = await findNextMailDue(db);
  return round;
}

/** Newest messages shown on the admin's outbox page. */
export const OUTBOX_PAGE_SIZE = 100;

export async function loadOutbox(db: Executor): Promise<{ counts: Record<OutboxStatus, number>; messages: OutboxEntry[] }> {
  const [counts, messages] = await Promise.all([countOutboxByStatus(db), listOutboxMail(db, OUTBOX_PAGE_SIZE)]);
  return { counts, messages };
}
