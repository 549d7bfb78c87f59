import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_BACKEND, type TestDatabase } from '../../test/support/database.ts';
import { queueMail } from '../services/outbox.ts';
import { toDbTime } from './codecs.ts';
import { claimDueMail } from './outbox.ts';

describe(`claims on the database's clock (${TEST_BACKEND})`, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('writes the database’s time as stored times are written, so the two compare as text', async () => {
    const before = Date.now();
    const { now, later } = await database.db
      .selectNoFrom(() => [database.db.clockTime().as('now'), database.db.clockTime(90_500).as('later')])
      .executeTakeFirstOrThrow();
    const after = Date.now();
    assert.match(now, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(toDbTime(new Date(now)), now, 'the same text toDbTime writes');
    // The test's clock and the database's are the same machine's here.
    assert.ok(new Date(now).getTime() >= before - 1_000 && new Date(now).getTime() <= after + 1_000, `${now} is now`);
    assert.ok(Math.abs(new Date(later).getTime() - new Date(now).getTime() - 90_500) < 1_000, `${later} is 90.5 s later`);
  });

  it('leaves a claimed message alone for a sender whose clock is far ahead, until the lease runs out on the database’s clock', async () => {
    const t0 = new Date();
    await database.db
      .transaction()
      .execute((tx) => queueMail(tx, { kind: 'invitation', to: 'a@example.org', subject: 'Hi', text: 'Hi' }, 'http://127.0.0.1', t0));
    assert.ok(await claimDueMail(database.db, 'first', t0, 60_000));
    assert.equal(await claimDueMail(database.db, 'second', new Date(t0.getTime() + 3_600_000), 60_000), undefined, 'an hour ahead, still held');
    const [row] = await database.db.selectFrom('outbox').select(['claim_token', 'lease_until', 'due_at']).execute();
    assert.equal(row?.claim_token, 'first');
    assert.equal(row?.due_at, toDbTime(t0), 'the schedule is not moved by a claim');
    assert.ok(row?.lease_until && row.lease_until > toDbTime(new Date(Date.now() + 50_000)));
  });
});
