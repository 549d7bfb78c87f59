import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWriteTurns, WRITES_PER_TURN } from './write-turns.ts';

/** Takes `writes` turns and counts turns of the loop meanwhile; gives the turn each write started on. */
async function turnsOfWrites(perTurn: number | undefined, writes: number): Promise<number[]> {
  const turns = perTurn === undefined ? createWriteTurns() : createWriteTurns(perTurn);
  const log: string[] = [];
  const taken = Array.from({ length: writes }, (_, i) => turns.take().then(() => log.push(`write ${i + 1}`)));
  assert.equal(turns.waiting(), writes);
  // Counts turns of the loop: each turn's check phase runs the next step of this chain once.
  let turn = 0;
  let counting = true;
  const count = () => {
    turn += 1;
    log.push(`turn ${turn}`);
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  await Promise.all(taken);
  counting = false;
  assert.equal(turns.waiting(), 0);
  const order = log.filter((entry) => entry.startsWith('write'));
  assert.deepEqual(
    order,
    Array.from({ length: writes }, (_, i) => `write ${i + 1}`),
    'in arrival order',
  );
  return order.map((write) => log.slice(0, log.indexOf(write)).filter((entry) => entry.startsWith('turn')).length);
}

describe('write turns', () => {
  it('starts one write per turn of the event loop, in arrival order', async () => {
    const turns = await turnsOfWrites(1, 3);
    assert.ok(turns[1]! > turns[0]! && turns[2]! > turns[1]!, `each write on a turn of its own: ${turns.join(', ')}`);
  });

  it('starts at most a few writes per turn', async () => {
    const turns = await turnsOfWrites(undefined, 2 * WRITES_PER_TURN + 1);
    const perTurn = new Map<number, number>();
    for (const turn of turns) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    assert.deepEqual([...perTurn.values()], [WRITES_PER_TURN, WRITES_PER_TURN, 1], `turns: ${turns.join(', ')}`);
    assert.ok(WRITES_PER_TURN > 1 && WRITES_PER_TURN <= 8);
  });
});
