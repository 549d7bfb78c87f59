/** A message as the outbox hands it to a transport; the sender (MAIL_FROM) is the transport's. */
export interface OutgoingMail {
  /** The outbox row: a transport that writes files names them after it, so a retry overwrites rather than duplicates. */
  outboxId: number;
  to: string;
  subject: string;
  text: string;
  /** Fixed when the message is queued: a copy delivered twice after a crash is recognisably the same message. */
  messageId: string;
}

/** Where mail leaves the site: an SMTP server, or files in a folder when none is configured. */
export interface MailTransport {
  /** Where mail goes, for the log, without any password: "smtp://mail.example.org:587", "files in /srv/data/mail". */
  readonly description: string;
  /** Resolves once the server has accepted the message; throws MailDeliveryError when it has not. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * A message the transport could not hand over. Permanent: the server refused this message for
 * good (an SMTP 5xx answer), so trying again cannot help. Otherwise (server down, 4xx, a
 * timeout, a rejected login) the outbox tries again later.
 */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export type OutboxStatus = 'queued' | 'sent' | 'failed';

/** What the outbox records a message was sent for. */
export type MailKind = 'password_reset' | 'invitation';

/** A message in the outbox as the admin lists it: never its body, which may hold a live link. */
export interface OutboxEntry {
  id: number;
  kind: MailKind;
  to: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  /** Why the last attempt failed: the server's answer or the connection error. */
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** When it is tried next, for a queued message. */
  dueAt: Date;
}

/** First wait after a failed attempt; each further failure doubles it (1, 2, 4 … minutes). */
export const MAIL_RETRY_FIRST_DELAY_MS = 60_000;
/** Longest wait between attempts: a server back after a long outage gets its mail within the hour. */
export const MAIL_RETRY_MAX_DELAY_MS = 60 * 60_000;
/** A message still undelivered this long after it was queued is given up: Postfix's maximal_queue_lifetime (5 days). */
export const MAIL_QUEUE_LIFETIME_MS = 5 * 24 * 60 * 60_000;

/** When to try again after `attempts` failed attempts (1 or more). */
export function nextMailAttemptAt(attempts: number, now: Date): Date {
  const delay = Math.min(MAIL_RETRY_FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAIL_RETRY_MAX_DELAY_MS);
  return new Date(now.getTime() + delay);
}
