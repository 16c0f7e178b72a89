import { describe, expect, it } from 'vitest';
import { OrderedWriter, type WriteTarget } from '../../../src/renderer/orderedWriter';

/** A terminal that parses only when told, like xterm's asynchronous WriteBuffer. */
class SlowTerminal implements WriteTarget {
  readonly log: string[] = [];
  readonly #queue: Array<{ data: string; callback: (() => void) | undefined }> = [];

  write(data: string, callback?: () => void): void {
    this.#queue.push({ data, callback });
  }

  /** Parses everything queued, firing the callbacks in order, as one xterm parse loop does. */
  parse(): void {
    while (this.#queue.length > 0) {
      const next = this.#queue.shift();
      if (!next) break;
      this.log.push(`parsed:${next.data}`);
      next.callback?.();
    }
  }
}

const microtasks = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('OrderedWriter', () => {
  it('runs an action only after the writes before it are parsed, and holds later writes behind it', async () => {
    const terminal = new SlowTerminal();
    const writer = new OrderedWriter(terminal);
    const done: string[] = [];
    writer.write('a', () => done.push('a'));
    writer.write('b', () => done.push('b'));
    writer.then(() => terminal.log.push('reset'));
    writer.write('c', () => done.push('c'));
    expect(terminal.log).toEqual([]);
    expect(writer.pending).toBe(3);
    terminal.parse(); // a, b parsed; the reset waits for the microtask after the parse loop
    expect(terminal.log).toEqual(['parsed:a', 'parsed:b']);
    await microtasks();
    terminal.parse();
    expect(terminal.log).toEqual(['parsed:a', 'parsed:b', 'reset', 'parsed:c']);
    expect(done).toEqual(['a', 'b', 'c']);
    expect(writer.pending).toBe(0);
  });

  it('runs an action at once when nothing is pending', () => {
    const terminal = new SlowTerminal();
    const writer = new OrderedWriter(terminal);
    let ran = false;
    writer.then(() => (ran = true));
    expect(ran).toBe(true);
  });
});
