import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the server answers to the next message: accept it, or refuse it with an SMTP reply code. */
export type SmtpAnswer = 'accept' | { code: number; text: string };

export interface TestSmtpServer {
  /** smtp://127.0.0.1:port, for SMTP_URL. */
  url: string;
  /** Messages accepted so far, parsed, in the order they arrived. */
  received: ParsedMail[];
  /** Answers for the next messages, taken one each; when none is left, messages are accepted. */
  answers: SmtpAnswer[];
  /** Resolves once `count` messages have been accepted in all. */
  waitFor(count: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it accepts, for tests of the mail the site sends. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const answers: SmtpAnswer[] = [];
  const waiters: Array<{ count: number; resolve: (mail: ParsedMail[]) => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    // No certificate to trust on loopback: the client sends in the clear, as it does to a server without STARTTLS.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const answer = answers.shift() ?? 'accept';
          if (answer !== 'accept') {
            const error = Object.assign(new Error(answer.text), { responseCode: answer.code });
            callback(error);
            return;
          }
          received.push(mail);
          callback();
          for (const w of [...waiters]) {
            if (received.length >= w.count) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(received.slice());
            }
          }
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    answers,
    waitFor: (count) => (received.length >= count ? Promise.resolve(received.slice()) : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
