import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

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
      assert.ok(slow.every((s) => s.received().startsWith('HTTP/1.1 408') || s.received() === ''), 'with a 408 or nothing');
    } finally {
      clearInterval(dribble);
      for (const s of slow) s.socket.destroy();
    }
  });

  it('turns away connections from one address past the cap with a 503, and serves again once they close', async () => {
    const server = await startTestServer({ connectionLimits: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnectionsPerAddress: 10 } });
    servers.push(server);
    const held = await Promise.all(Array.from({ length: 10 }, () => openSocket(server)));
    const extra = await openSocket(server);
    await extra.closed;
    assert.match(extra.received(), /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(extra.received(), /Too many open connections from your address/);
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    // Give the server a moment to see the closes.
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
  });
});
