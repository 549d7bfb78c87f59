import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { buildApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { seedDemoContent } from '../src/services/seed.ts';
import { createDb, type Database } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { createTestDatabaseLocation, TEST_BACKEND, type TestDatabaseLocation } from './support/database.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { DEMO_ARTICLE_PATH } from './support/server.ts';

// A SQLite file cannot become unreachable the way a database server can.
describe('when PostgreSQL goes away and comes back', { skip: TEST_BACKEND !== 'postgres' ? 'PostgreSQL only' : false }, () => {
  let place: TestDatabaseLocation;
  let proxy: TcpProxy;
  let database: Database;
  let url: string;
  let close: () => Promise<void>;
  const logs: Array<Record<string, unknown>> = [];

  before(async () => {
    place = await createTestDatabaseLocation();
    assert.equal(place.location.kind, 'postgres');
    const direct = new URL(place.url);
    proxy = await startTcpProxy(Number(direct.port));
    const viaProxy = new URL(place.url);
    viaProxy.port = String(proxy.port);
    database = createDb({ kind: 'postgres', url: viaProxy.href, poolSize: 3 });
    await migrateToLatest(database);
    await seedDemoContent(database.db, new Date());
    const app = buildApp({ database, logger: createLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)) });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((r) => server.close(() => r()));
  });
  after(async () => {
    await close?.();
    await database?.close();
    await proxy?.close();
    await place?.drop();
  });

  it('answers 503 with a retry hint while the database is down, and recovers without a restart', async () => {
    assert.equal((await fetch(`${url}${DEMO_ARTICLE_PATH}`)).status, 200);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);

    await proxy.cut();
    const down = await fetch(`${url}${DEMO_ARTICLE_PATH}`);
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), '5');
    const body = await down.text();
    assert.match(body, /cannot reach its database/);
    assert.doesNotMatch(body, /ECONNREFUSED|at .*\.ts:\d+/);
    assert.equal((await fetch(`${url}/readyz`)).status, 503);
    assert.equal((await fetch(`${url}/healthz`)).status, 200, 'the process itself is still up');
    assert.ok(logs.some((l) => l.msg === 'database unavailable'));

    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(`${url}${DEMO_ARTICLE_PATH}`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200, 'serves again once the database is back');
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
  });
});
