import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { MailDeliveryError, type MailTransport, type OutgoingMail } from '../domain/mail.ts';

/**
 * Limits on one SMTP exchange, well inside the outbox's claim lease (services/outbox.ts): a
 * server that accepts the connection and then says nothing must not hold a message for ever.
 */
const CONNECTION_TIMEOUT_MS = 30_000;
const GREETING_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 60_000;

export type MailTransportOptions = { from: string } & ({ kind: 'smtp'; url: string } | { kind: 'files'; directory: string });

/** The SMTP URL without its password, for the log. */
function describeSmtp(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
}

/** Where mail goes, for the log, without any password. */
export function describeMailTransport(options: MailTransportOptions): string {
  return options.kind === 'smtp' ? describeSmtp(options.url) : `files in ${options.directory}`;
}

/**
 * A refusal by the server (an SMTP reply code) or a failure to reach it. 5xx refuses this
 * message for good, except a rejected login (535 and the like), which is the site's
 * configuration and is tried again once the operator fixes it, so no message is lost.
 */
function asDeliveryError(error: unknown): MailDeliveryError {
  const e = error as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const text = typeof e.response === 'string' && e.response !== '' ? e.response : String(e.message ?? error);
  const permanent = code !== undefined && code >= 500 && code < 600 && e.code !== 'EAUTH';
  return new MailDeliveryError(text, permanent);
}

/**
 * What nodemailer is given for one message. Reader mail carries RFC 8058's two headers: mail
 * programs show an Unsubscribe button, and a POST to the address unsubscribes at once, without
 * a login or a page. The address is the site's own signed link, checked when it was queued.
 */
function messageOf(mail: OutgoingMail) {
  return {
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.unsubscribeUrl ? { headers: { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
  };
}

function smtpTransport(options: { from: string; url: string }): MailTransport {
  // nodemailer takes the URL as it is: smtps:// speaks TLS from the start; smtp:// upgrades with
  // STARTTLS whenever the server offers it. One pooled connection carries message after message:
  // a new connection per message spent ~110 ms of handshakes each (8 messages a second on
  // loopback against 84 pooled; `npm run bench -- --mail`).
  const transporter = nodemailer.createTransport(
    {
      url: options.url,
      pool: true,
      maxConnections: 1,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    },
    { from: options.from },
  );
  return {
    description: describeSmtp(options.url),
    send: async (mail: OutgoingMail) => {
      try {
        await transporter.sendMail(messageOf(mail));
      } catch (error) {
        throw asDeliveryError(error);
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * With no SMTP server, each message is written whole as an .eml file (any mail program opens
 * it), named after its outbox row: a message written again after a crash replaces its file.
 */
function fileTransport(options: { from: string; directory: string }): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, { from: options.from });
  return {
    description: `files in ${options.directory}`,
    send: async (mail: OutgoingMail) => {
      try {
        const info = await composer.sendMail(messageOf(mail));
        mkdirSync(options.directory, { recursive: true });
        const path = join(options.directory, `${String(mail.outboxId).padStart(6, '0')}.eml`);
        // Written beside it first and then renamed, so a reader never opens half a message.
        writeFileSync(`${path}.tmp`, info.message as Buffer);
        renameSync(`${path}.tmp`, path);
      } catch (error) {
        throw new MailDeliveryError(error instanceof Error ? error.message : String(error), false);
      }
    },
    close: () => composer.close(),
  };
}

export function createMailTransport(options: MailTransportOptions): MailTransport {
  return options.kind === 'smtp' ? smtpTransport(options) : fileTransport(options);
}
