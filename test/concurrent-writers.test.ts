import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDb, type Database } from '../src/storage/db.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { aUser, signIn, type AdminSession } from './support/admin.ts';
import { createTestDatabaseLocation, type TestDatabaseLocation } from './support/database.ts';
import { startSite, type RunningSite } from './support/process.ts';
import { DEMO_ARTICLE_PATH, type TestServer } from './support/server.ts';

/** Each site a process of its own (as two workers are), with the limits for one client address lifted. */
const SITE_ENV = {
  WEB_CONCURRENCY: '1',
  LOG_LEVEL: 'warn',
  COMMENT_FLOOD_SECONDS: '0',
  COMMENT_LIMIT_PER_ADDRESS: '0',
  COMMENT_LIMIT_PER_NETWORK: '0',
  MAX_CONNECTIONS_PER_ADDRESS: '0',
};
/** Processes serving the one database: the default WEB_CONCURRENCY. */
const PROCESSES = 2;
/** Readers posting at once, spread over the processes, and how many replies each sends. */
const CLIENTS = 4;
const POSTS_PER_CLIENT = 50;
/** Post saves an editor makes meanwhile. */
const SAVES = 20;

describe('several processes writing to one database at once', () => {
  let place: TestDatabaseLocation;
  let database: Database;
  const sites: RunningSite[] = [];

  before(async () => {
    place = await createTestDatabaseLocation();
    database = createDb(place.location);
    await migrateToLatest(database);
    // The first start seeds the demo article; the others find it there.
    sites.push(await startSite({ DATABASE_URL: place.url, ...SITE_ENV }));
    while (sites.length < PROCESSES) sites.push(await startSite({ DATABASE_URL: place.url, ...SITE_ENV }));
  });
  after(async () => {
    for (const site of sites) if (site.child.exitCode === null) site.child.kill('SIGKILL');
    await database?.close();
    await place?.drop();
  });

  it('stores every reply and every post save, and answers each one as done', { timeout: 120_000 }, async () => {
    const editor = await aUser(database.db, 'owner');
    const session: AdminSession = await signIn({ url: sites[0]!.url } as TestServer, editor);
    const answers: string[] = [];
    const client = async (c: number) => {
      const site = sites[c % sites.length]!;
      for (let n = 0; n < POSTS_PER_CLIENT; n++) {
        const res = await fetch(`${site.url}${DEMO_ARTICLE_PATH}comments`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.url },
          body: new URLSearchParams({
            comment: `Reply ${n} from reader ${c}`,
            author: `Reader ${c}`,
            email: `reader${c}@example.org`,
            url: '',
            comment_parent: '0',
          }).toString(),
        });
        await res.arrayBuffer();
        if (res.status !== 303) answers.push(`reply ${n} from reader ${c}: ${res.status}`);
      }
    };
    const editing = async () => {
      for (let n = 0; n < SAVES; n++) {
        const res = await session.post('/admin/posts/new/', {
          title: `Draft ${n} under load`,
          slug: `draft-${n}-under-load`,
          body: `Draft ${n} must be kept.`,
          action: 'save',
        });
        await res.arrayBuffer();
        if (res.status !== 303) answers.push(`save ${n}: ${res.status}`);
      }
    };
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), editing()]);

    assert.deepEqual(answers, [], 'writes refused');
    const replies = await database.db.selectFrom('comments').select('body').where('body', 'like', 'Reply % from reader %').execute();
    assert.equal(replies.length, CLIENTS * POSTS_PER_CLIENT, 'replies stored');
    const drafts = await database.db.selectFrom('posts').select('title').where('title', 'like', 'Draft % under load').execute();
    assert.equal(drafts.length, SAVES, 'drafts stored');
  });
});
