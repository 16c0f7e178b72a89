/**
 * One mirror terminal at full scrollback, in a process of its own so its heap is all there is
 * (bench/scrollbackMemory.ts runs it): the heap and array buffers after a GC, before and after
 * `lines` lines of `cols` characters have gone through it. Prints one JSON line.
 *
 *   node --expose-gc --import tsx bench/scrollbackChild.ts COLS LINES
 */
import { MirrorTerminal } from '../src/main/mirror/mirrorTerminal';
import { DEFAULT_SCROLLBACK } from '../src/shared/terminal/emulation';
import { DARK_THEME } from '../src/shared/terminal/palette';

const cols = Number(process.argv[2]);
const lines = Number(process.argv[3]);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function used(): number {
  gc?.();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}

const quiet = { reply: () => {}, title: () => {}, titlePush: () => {}, bell: () => {}, cwd: () => {}, log: () => {} };
const before = used();
const mirror = new MirrorTerminal({ cols, rows: 24, scrollback: DEFAULT_SCROLLBACK, theme: DARK_THEME }, quiet);
const empty = used();
// Full-width coloured lines: every cell holds a character, as in a log or a build.
const line = `\x1b[32m${'x'.repeat(cols - 10)}\x1b[0m ${'y'.repeat(9)}\r\n`;
for (let i = 0; i < lines; i++) mirror.write(line);
const full = used();
process.stdout.write(`${JSON.stringify({ cols, lines, emptyBytes: empty - before, fullBytes: full - before })}\n`);
mirror.dispose();
