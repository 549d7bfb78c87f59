import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3000 and a SQLite file under ./data/', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.deepEqual(config.database, { kind: 'sqlite', path: resolve('data/site.db') });
    assert.equal(config.logLevel, 'info');
  });

  it('takes the listening address as the site URL when SITE_URL is not set', () => {
    assert.equal(loadConfig({ PORT: '8080' }).siteUrl, 'http://127.0.0.1:8080');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).siteUrl, 'http://localhost:3000');
    assert.equal(loadConfig({ HOST: '::1', PORT: '81' }).siteUrl, 'http://[::1]:81');
  });

  it('honours PORT, HOST, DATABASE_URL, SITE_URL and LOG_LEVEL', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '::1',
      DATABASE_URL: 'file:/var/lib/wirepress/site.db',
      SITE_URL: 'https://news.example.org/',
      LOG_LEVEL: 'warn',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '::1');
    assert.deepEqual(config.database, { kind: 'sqlite', path: '/var/lib/wirepress/site.db' });
    assert.equal(config.siteUrl, 'https://news.example.org');
    assert.equal(config.logLevel, 'warn');
  });

  it('takes WordPress’s comment pace by default, tunable, and a list of trusted proxies', () => {
    assert.deepEqual(loadConfig({}).commentPace, { floodIntervalMs: 15_000, perAddressPerHour: 30, perNetworkPerHour: 120 });
    assert.deepEqual(loadConfig({}).trustedProxies, []);
    const tuned = loadConfig({
      COMMENT_FLOOD_SECONDS: '0',
      COMMENT_LIMIT_PER_ADDRESS: '100',
      COMMENT_LIMIT_PER_NETWORK: '0',
      TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8 fd00::/8',
    });
    assert.deepEqual(tuned.commentPace, { floodIntervalMs: 0, perAddressPerHour: 100, perNetworkPerHour: 0 });
    assert.deepEqual(tuned.trustedProxies, ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    for (const bad of ['localhost', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2']) {
      assert.throws(
        () => loadConfig({ TRUSTED_PROXIES: bad }),
        (e: unknown) => e instanceof ConfigError && /TRUSTED_PROXIES/.test(e.message),
        bad,
      );
    }
    assert.throws(() => loadConfig({ COMMENT_FLOOD_SECONDS: '-1' }), /COMMENT_FLOOD_SECONDS/);
  });

  it('cuts off slow clients after 10 s for headers and 30 s for a request, and caps connections per address at 64', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.headersTimeoutMs, defaults.requestTimeoutMs, defaults.maxConnectionsPerAddress], [10_000, 30_000, 64]);
    const tuned = loadConfig({ HEADERS_TIMEOUT_SECONDS: '5', REQUEST_TIMEOUT_SECONDS: '120', MAX_CONNECTIONS_PER_ADDRESS: '0' });
    assert.deepEqual([tuned.headersTimeoutMs, tuned.requestTimeoutMs, tuned.maxConnectionsPerAddress], [5_000, 120_000, 0]);
    assert.throws(() => loadConfig({ HEADERS_TIMEOUT_SECONDS: '0' }), /HEADERS_TIMEOUT_SECONDS/);
    assert.equal(defaults.addressRetentionDays, 30);
    assert.equal(loadConfig({ COMMENT_IP_RETENTION_DAYS: '7' }).addressRetentionDays, 7);
    assert.throws(() => loadConfig({ COMMENT_IP_RETENTION_DAYS: '0' }), /COMMENT_IP_RETENTION_DAYS/);
  });

  it('names the variable that is wrong', () => {
    assert.throws(
      () => loadConfig({ PORT: '70000' }),
      (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ LOG_LEVEL: 'loud' }),
      (e: unknown) => e instanceof ConfigError && /LOG_LEVEL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ SITE_URL: 'ftp://x' }),
      (e: unknown) => e instanceof ConfigError && /SITE_URL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'postgres://u:p@localhost' }),
      (e: unknown) => e instanceof ConfigError && /DATABASE_URL: names no database/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://u@localhost/db' }),
      (e: unknown) => e instanceof ConfigError && /DATABASE_URL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ DATABASE_POOL_SIZE: '0' }),
      (e: unknown) => e instanceof ConfigError && /DATABASE_POOL_SIZE/.test(e.message),
    );
  });

  it('takes a postgres:// URL and a pool size', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://wp:secret@db.internal:5432/news', DATABASE_POOL_SIZE: '25' });
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://wp:secret@db.internal:5432/news', poolSize: 25 });
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://localhost/news' }).database.kind, 'postgres');
  });

  it('sends mail through SMTP_URL, or writes it to files beside the database without it', () => {
    const files = loadConfig({});
    assert.deepEqual(files.mail, { from: 'Wirepress <wirepress@localhost>', kind: 'files', directory: resolve('data/mail') });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'file:/var/lib/wirepress/site.db' }).mail, {
      from: 'Wirepress <wirepress@localhost>',
      kind: 'files',
      directory: '/var/lib/wirepress/mail',
    });
    const smtp = loadConfig({ SMTP_URL: 'smtps://news:p%40ss@mail.example.org:465', SITE_URL: 'https://news.example.org' });
    assert.deepEqual(smtp.mail, { from: 'Wirepress <wirepress@news.example.org>', kind: 'smtp', url: 'smtps://news:p%40ss@mail.example.org:465' });
    assert.equal(loadConfig({ MAIL_FROM: 'Newsroom <desk@example.org>' }).mail.from, 'Newsroom <desk@example.org>');
    assert.equal(loadConfig({ MAIL_FROM: 'desk@example.org' }).mail.from, 'desk@example.org');
  });

  it('names SMTP_URL or MAIL_FROM when they are wrong', () => {
    assert.throws(
      () => loadConfig({ SMTP_URL: 'http://mail.example.org' }),
      (e: unknown) => e instanceof ConfigError && /SMTP_URL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ SMTP_URL: 'mail.example.org:587' }),
      (e: unknown) => e instanceof ConfigError && /SMTP_URL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ MAIL_FROM: 'Newsroom' }),
      (e: unknown) => e instanceof ConfigError && /MAIL_FROM/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ MAIL_FROM: 'Newsroom <not an address>' }),
      (e: unknown) => e instanceof ConfigError && /MAIL_FROM/.test(e.message),
    );
  });
});
