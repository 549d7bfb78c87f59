import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineDiff } from './revision-diff.ts';

describe('lineDiff', () => {
  it('marks the lines removed and added between two bodies, keeping the rest', () => {
    assert.deepEqual(lineDiff('One\nTwo\nThree\n', 'One\nTwo and a half\nThree\nFour'), [
      { kind: 'same', text: 'One' },
      { kind: 'removed', text: 'Two' },
      { kind: 'added', text: 'Two and a half' },
      { kind: 'same', text: 'Three' },
      { kind: 'added', text: 'Four' },
    ]);
  });

  it('finds nothing to mark in equal texts', () => {
    assert.ok(lineDiff('Same\ntext', 'Same\ntext').every((l) => l.kind === 'same'));
  });
});
