import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { aSetting } from '../../test/support/factories.ts';
import { loadSiteSettings } from './settings.ts';

describe('site settings as every request reads them', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.destroy();
  });

  it('checks the stored time zone against the runtime once, not at every read', async () => {
    await aSetting(database.db, 'timezone', 'Asia/Kolkata');
    const RealDateTimeFormat = Intl.DateTimeFormat;
    let built = 0;
    // Counts the formatters built while settings are read; everything else behaves as before.
    const counting = function (this: unknown, ...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      built += 1;
      return new RealDateTimeFormat(...args);
    } as unknown as typeof Intl.DateTimeFormat;
    Intl.DateTimeFormat = counting;
    try {
      for (let i = 0; i < 50; i += 1) assert.equal((await loadSiteSettings(database.db)).timezone, 'Asia/Kolkata');
    } finally {
      Intl.DateTimeFormat = RealDateTimeFormat;
    }
    assert.ok(built <= 1, `${built} formatters built for 50 reads`);
  });

  it('still falls back to UTC for a stored name that is not a time zone', async () => {
    await aSetting(database.db, 'timezone', 'Mars/Olympus_Mons');
    assert.equal((await loadSiteSettings(database.db)).timezone, 'UTC');
    await aSetting(database.db, 'timezone', 'Europe/Moscow');
    assert.equal((await loadSiteSettings(database.db)).timezone, 'Europe/Moscow');
  });
});
