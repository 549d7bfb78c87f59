/** A message as the outbox hands it to a transport; the sender (MAIL_FROM) is the transport's. */
export interface OutgoingMail {
  /** The outbox row: a transport that writes files names them after it, so a retry overwrites rather than duplicates. */
  outboxId: number;
  to: string;
  subject: string;
  text: string;
  /** Fixed when the message is queued: a copy delivered twice after a crash is recognisably the same message. */
  messageId: string;
  /** Reader mail: the RFC 8058 one-click unsubscribe address, sent as List-Unsubscribe with List-Unsubscribe-Post. */
  unsubscribeUrl?: string | undefined;
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
export type MailKind =
  | 'password_reset'
  | 'invitation'
  /** A reader's double opt-in: the one mail sent before they click. */
  | 'subscription_confirmation'
  | 'comment_follow_up'
  | 'new_post'
  | 'new_posts_digest'
  /** To a post's author: a comment was published on it. */
  | 'comment_published'
  /** To moderators: comments wait in the queue (a digest, at most one per MODERATION_DIGEST_INTERVAL_MS). */
  | 'comments_held';

/** Mail sent because a reader subscribed: never to an address that refused mail for good, always with an unsubscribe link. */
export const READER_MAIL_KINDS: readonly MailKind[] = ['comment_follow_up', 'new_post', 'new_posts_digest'];

/**
 * Whether an address can be written in a To header as it is: one mailbox, no display name, no
 * line breaks, commas or angle brackets that would make it several recipients or a header of its
 * own. Addresses come from forms that check them already; this is the last line before the outbox.
 */
export function isSingleMailbox(address: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
  if (address.length > 254 || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(address)) return false;
  return /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/.test(address);
}

/** A subject on one line: any line break or control character becomes a space, so nothing after it can become a header. */
export function subjectLine(subject: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this removes.
  return subject.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

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
