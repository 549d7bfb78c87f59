// Benchmark of the outbox: queues reader messages in a new SQLite site, then delivers them with
// the mail job's own rounds (services/outbox.ts deliverDueMail) through the real SMTP transport
// to an smtp-server on loopback that accepts everything, and reports messages a second and CPU
// time per message.
//
//   npm run bench -- --mail [--messages 500]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { createMailTransport } from '../src/mail/transport.ts';
import { deliverDueMail, queueMail } from '../src/services/outbox.ts';
import { createDb } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';

/** A round that sends nothing for this long means the outbox is stuck: stop rather than spin. */
const STUCK_AFTER_MS = 30_000;

export async function runMailBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { mail: { type: 'boolean' }, messages: { type: 'string', default: '500' } }, strict: false });
  const count = Math.max(1, Math.min(100_000, Number(values.messages) || 500));
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-mail-bench-'));
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const database = createDb({ kind: 'sqlite', path: join(dir, 'site.db') });
  try {
    await migrateToLatest(database);
    const body = 'A new post on the site you follow. '.repeat(14);
    for (let i = 0; i < count; i++) {
      await queueMail(
        database.db,
        { kind: 'new_post', to: `reader${i}@example.org`, subject: `New post ${i}`, text: body, unsubscribeUrl: `http://127.0.0.1/unsubscribe/${i}` },
        'http://127.0.0.1',
        new Date(),
      );
    }
    const transport = createMailTransport({ kind: 'smtp', url: `smtp://127.0.0.1:${port}`, from: 'Wirepress <bench@example.org>' });
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let sent = 0;
    let lastProgress = started;
    while (sent < count) {
      const round = await deliverDueMail(database.db, transport, () => new Date());
      sent += round.sent;
      if (round.sent > 0) lastProgress = performance.now();
      else if (performance.now() - lastProgress > STUCK_AFTER_MS) throw new Error(`the outbox stopped after ${sent} of ${count} messages`);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    transport.close();
    console.log(`mail: ${count} messages queued, ${sent} delivered (${accepted} accepted by the SMTP server) in ${seconds.toFixed(1)} s`);
    console.log(`mail: ${(sent / seconds).toFixed(1)} messages a second, ${((cpu.user + cpu.system) / 1000 / sent).toFixed(2)} ms of CPU a message`);
  } finally {
    await database.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}
