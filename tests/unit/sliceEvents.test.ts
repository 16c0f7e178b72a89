import { describe, expect, it } from 'vitest';
import { SliceEvents } from '../../src/main/mirror/sliceEvents';

describe('SliceEvents', () => {
  it('gives nothing for a session that said nothing, and nothing twice', () => {
    const said = new SliceEvents();
    expect(said.take(1)).toEqual([]);
    said.bell(1);
    expect(said.take(1)).toEqual([{ op: 'bell', id: 1 }]);
    expect(said.take(1)).toEqual([]);
  });

  it('joins the answers in order into one reply, and many bells into one', () => {
    const said = new SliceEvents();
    for (let i = 0; i < 3; i++) said.reply(7, `\x1b[?${i}c`);
    for (let i = 0; i < 1000; i++) said.bell(7);
    expect(said.take(7)).toEqual([
      { op: 'reply', id: 7, data: '\x1b[?0c\x1b[?1c\x1b[?2c' },
      { op: 'bell', id: 7 },
    ]);
  });

  it('collapses titles set one after another to the last, and keeps pushes and pops in order', () => {
    const said = new SliceEvents();
    for (let i = 0; i < 100_000; i++) said.title(1, `t${i}`, false);
    said.titlePush(1);
    said.title(1, 'in-vim', false);
    said.title(1, 'in-vim again', false);
    said.title(1, 'shell', true);
    said.title(1, 'after', false);
    expect(said.take(1)).toEqual([
      {
        op: 'titles',
        id: 1,
        ops: [
          { kind: 'set', title: 't99999' },
          { kind: 'push' },
          { kind: 'set', title: 'in-vim again' },
          { kind: 'restore', title: 'shell' },
          { kind: 'set', title: 'after' },
        ],
      },
    ]);
  });

  it('keeps sessions apart, and forgets a closed one', () => {
    const said = new SliceEvents();
    said.title(1, 'one', false);
    said.title(2, 'two', false);
    said.reply(2, 'x');
    said.forget(1);
    expect(said.take(1)).toEqual([]);
    expect(said.take(2)).toEqual([
      { op: 'reply', id: 2, data: 'x' },
      { op: 'titles', id: 2, ops: [{ kind: 'set', title: 'two' }] },
    ]);
  });
});
