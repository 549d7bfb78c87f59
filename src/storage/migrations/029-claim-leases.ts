import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.ts';

/**
 * How long a sender's claim of an outgoing mail or webhook delivery lasts, on the database's
 * clock. Until now a claim moved the row's due time on by the lease as the sender's own clock
 * counted it, and other senders compared it with theirs: two nodes whose clocks differ by more
 * than the lease could both send. The due time stays the schedule of attempts; the lease is
 * judged by one clock, the database's.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('lease_until', 'text').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('lease_until', 'text').execute();
}
