import assert from 'node:assert/strict';
import { Agent, get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { DEMO_ARTICLE_PATH, startTestServer, type TestServer } from '../../test/support/server.ts';
import { LOITERING_AFTER_MS } from './server.ts';

/** A GET through node:http: on a connection of its own unless an agent keeps one; status and body length. */
function read(server: TestServer, path: string, agent: Agent | false = false, onSocket?: (socket: Socket) => void): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = get(`${server.url}${path}`, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    if (onSocket) req.once('socket', onSocket);
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path} timed out`)));
  });
}

/** A raw TCP connection to the test server on loopback, with everything it has received. */
function openSocket(server: TestServer): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => resolve({ socket, received: () => data, closed }));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

describe('slow and greedy clients', () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('cuts off connections that send their headers byte by byte, and keeps answering others meanwhile (slowloris)', async () => {
    const server = await startTestServer({ connectionLimits: { headersTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxConnectionsPerAddress: 0 } });
    servers.push(server);
    const SLOW_CLIENTS = 100;
    const slow = await Promise.all(Array.from({ length: SLOW_CLIENTS }, () => openSocket(server)));
    for (const s of slow) s.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // Dribble one header byte per client every 100 ms, for at most 5 s (the test's bound).
    const dribble = setInterval(() => {
      for (const s of slow) if (!s.socket.destroyed) s.socket.write('X');
    }, 100);
    try {
      const deadline = Date.now() + 5_000;
      let answered = 0;
      while (slow.some((s) => !s.socket.destroyed && s.received() === '') && Date.now() < deadline) {
        const res = await fetch(`${server.url}/`);
        assert.equal(res.status, 200, 'a reader is answered while the slow clients hang on');
        await res.arrayBuffer();
        answered += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(answered > 0);
      await Promise.race([Promise.all(slow.map((s) => s.closed)), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      const cut = slow.filter((s) => s.socket.destroyed || s.received().startsWith('HTTP/1.1 408'));
      assert.equal(cut.length, SLOW_CLIENTS, 'every slow connection was cut off');
      assert.ok(
        slow.every((s) => s.received().startsWith('HTTP/1.1 408') || s.received() === ''),
        'with a 408 or nothing',
      );
    } finally {
      clearInterval(dribble);
      for (const s of slow) s.socket.destroy();
    }
  });

  it('answers 200 readers who open keep-alive connections from one address at once, and again on the same connections', async () => {
    const server = await startTestServer();
    servers.push(server);
    const READERS = 200;
    const agent = new Agent({ keepAlive: true, maxSockets: READERS });
    try {
      assert.equal((await read(server, DEMO_ARTICLE_PATH)).status, 200);
      const sockets = new Set<Socket>();
      for (const wave of ['first', 'second']) {
        const answers = await Promise.all(Array.from({ length: READERS }, () => read(server, DEMO_ARTICLE_PATH, agent, (socket) => sockets.add(socket))));
        assert.deepEqual(
          answers.map((a) => a.status),
          Array.from({ length: READERS }, () => 200),
          `every reader is answered (${wave} wave)`,
        );
        assert.ok(
          answers.every((a) => a.bytes > 10_000),
          'with the whole article',
        );
      }
      assert.equal(sockets.size, READERS, 'each reader on a connection of its own, kept for the second wave');
    } finally {
      agent.destroy();
    }
  });

  it('cuts off a crowd of connections from one address that trickle headers or sit idle, and answers its readers meanwhile', async () => {
    const server = await startTestServer({
      connectionLimits: { headersTimeoutMs: 1_000, requestTimeoutMs: 3_000, keepAliveTimeoutMs: 1_000, maxConnectionsPerAddress: 64 },
    });
    servers.push(server);
    const trickling = await Promise.all(Array.from({ length: 100 }, () => openSocket(server)));
    for (const s of trickling) s.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const idle = await Promise.all(Array.from({ length: 100 }, () => openSocket(server)));
    for (const s of idle) s.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const dribble = setInterval(() => {
      for (const s of trickling) if (!s.socket.destroyed) s.socket.write('X');
    }, 100);
    const crowd = [...trickling, ...idle];
    try {
      // Bounded: every crowd connection must be gone within 5 s.
      const deadline = Date.now() + 5_000;
      let answered = 0;
      while (crowd.some((s) => !s.socket.destroyed) && Date.now() < deadline) {
        assert.equal((await read(server, DEMO_ARTICLE_PATH)).status, 200, 'a reader from the same address is answered');
        answered += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(answered >= 5, `${answered} readers answered while the crowd hung on`);
      assert.equal(crowd.filter((s) => !s.socket.destroyed).length, 0, 'every trickling and idle connection was closed');
      assert.ok(
        idle.every((s) => s.received().startsWith('HTTP/1.1 200')),
        'the idle ones had their answer first',
      );
      assert.ok(
        trickling.every((s) => /^(HTTP\/1\.1 (408|503) |$)/.test(s.received())),
        'the trickling ones got a 408, a 503 or nothing',
      );
    } finally {
      clearInterval(dribble);
      for (const s of crowd) s.socket.destroy();
    }
  });

  it('keeps one address to its cap of idle and half-sent connections, long before their timeouts, and serves its readers', async () => {
    const server = await startTestServer({
      connectionLimits: { headersTimeoutMs: 30_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 30_000, maxConnectionsPerAddress: 10 },
    });
    servers.push(server);
    const silent = await Promise.all(Array.from({ length: 30 }, () => openSocket(server)));
    const idle = await Promise.all(Array.from({ length: 20 }, () => openSocket(server)));
    for (const s of idle) s.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const held = [...silent, ...idle];
    try {
      const deadline = Date.now() + LOITERING_AFTER_MS + 3_000;
      while (held.filter((s) => !s.socket.destroyed).length > 10 && Date.now() < deadline) {
        assert.equal((await read(server, '/')).status, 200, 'a reader from the same address is answered');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(held.filter((s) => !s.socket.destroyed).length, 10, 'ten are left open, the cap');
      const cutSilent = silent.filter((s) => s.socket.destroyed);
      assert.ok(cutSilent.length > 0);
      for (const s of cutSilent) {
        assert.match(s.received(), /^HTTP\/1\.1 503 Service Unavailable\r\n/);
        assert.match(s.received(), /Too many open connections from your address/);
      }
      assert.equal((await read(server, '/')).status, 200);
    } finally {
      for (const s of held) s.socket.destroy();
    }
  });

  it('turns away new connections with a 503 past the ceiling of open ones per address, and serves again once the loiterers are cut', async () => {
    const server = await startTestServer({ connectionLimits: { headersTimeoutMs: 30_000, requestTimeoutMs: 60_000, maxConnectionsPerAddress: 2 } });
    servers.push(server);
    // The ceiling is 16 times the cap on loitering connections: 32 here.
    const held = await Promise.all(Array.from({ length: 50 }, () => openSocket(server)));
    try {
      const turnedAway = () => held.filter((s) => s.received().startsWith('HTTP/1.1 503 Service Unavailable\r\n'));
      for (let i = 0; i < 20 && turnedAway().length < 18; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(turnedAway().length, 18, 'the 18 past the ceiling are turned away at once');
      const deadline = Date.now() + LOITERING_AFTER_MS + 3_000;
      while (held.filter((s) => !s.socket.destroyed).length > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(held.filter((s) => !s.socket.destroyed).length, 2, 'then the loiterers are cut to the cap');
      assert.equal((await read(server, '/')).status, 200);
    } finally {
      for (const s of held) s.socket.destroy();
    }
  });
});
