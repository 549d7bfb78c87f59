import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { createDb, type Database } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { aUser, signIn } from './support/admin.ts';
import { createTestDatabaseLocation, type TestDatabaseLocation } from './support/database.ts';
import { aJpeg, uploadFiles } from './support/images.ts';
import { startSite, type RunningSite } from './support/process.ts';
import type { TestServer } from './support/server.ts';

describe('photos on two nodes that share no disk', () => {
  let place: TestDatabaseLocation;
  let database: Database;
  const folders = [mkdtempSync(join(tmpdir(), 'wirepress-node1-')), mkdtempSync(join(tmpdir(), 'wirepress-node2-'))];
  const nodes: RunningSite[] = [];

  before(async () => {
    place = await createTestDatabaseLocation();
    database = createDb(place.location);
    await migrateToLatest(database);
    for (const folder of folders) nodes.push(await startSite({ DATABASE_URL: place.url, WEB_CONCURRENCY: '1', LOG_LEVEL: 'warn', MEDIA_CACHE_DIR: folder }));
  });
  after(async () => {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
    await database?.close();
    await place?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('an image uploaded through one node is served by the other from its own empty folder, and again after that folder is emptied', async () => {
    const [one, two] = nodes as [RunningSite, RunningSite];
    const owner = await aUser(database.db, 'owner');
    const asNode = (url: string) => ({ url }) as TestServer;
    const session = await signIn(asNode(one.url), owner);
    const res = await uploadFiles(asNode(one.url), session, [{ name: 'harbour.jpg', bytes: await aJpeg(1000, 700, { gps: true }) }], { alt: 'The harbour' });
    assert.equal(res.status, 303);
    const html = await (await fetch(`${one.url}/admin/media/`, { headers: { cookie: session.cookie } })).text();
    const src = parse(html).querySelector('.media-card img')?.getAttribute('src') ?? '';
    assert.match(src, /^\/media\/\d+-[0-9a-f]{12}\/320\.jpg$/);
    assert.deepEqual(readdirSync(folders[1]!), [], 'node two has made nothing yet');
    for (const attempt of ['made', 'made again']) {
      const served = await fetch(`${two.url}${src.replace('320.jpg', '640.webp')}`);
      assert.equal(served.status, 200, attempt);
      const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      assert.deepEqual([meta.format, meta.width, meta.exif], ['webp', 640, undefined], attempt);
      assert.equal(readdirSync(folders[1]!).length, 1, 'node two keeps what it made');
      rmSync(join(folders[1]!, readdirSync(folders[1]!)[0]!), { recursive: true, force: true });
    }
  });
});
