import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWriteTurns } from './write-turns.ts';

describe('write turns', () => {
  it('starts one write per turn of the event loop, in arrival order', async () => {
    const turns = createWriteTurns();
    const log: string[] = [];
    const writes = [1, 2, 3].map((n) => turns.take().then(() => log.push(`write ${n}`)));
    assert.equal(turns.waiting(), 3);
    // Counts turns of the loop: each turn's check phase runs the next step of this chain once.
    let turn = 0;
    let counting = true;
    const count = () => {
      turn += 1;
      log.push(`turn ${turn}`);
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await Promise.all(writes);
    counting = false;
    assert.equal(turns.waiting(), 0);
    assert.deepEqual(
      log.filter((entry) => entry.startsWith('write')),
      ['write 1', 'write 2', 'write 3'],
    );
    const turnOf = (write: string) => log.slice(0, log.indexOf(write)).filter((entry) => entry.startsWith('turn')).length;
    assert.ok(turnOf('write 2') > turnOf('write 1') && turnOf('write 3') > turnOf('write 2'), `each write on a turn of its own: ${log.join(', ')}`);
  });
});
