/**
 * Hostile output: what a program (or `cat` of a file an attacker chose) can print to make a
 * terminal spend unbounded time or memory. Each case is a few bytes to a few MiB that a shell
 * prints with `cat`; the service test, the browser test and `npm run bench -- hostile` all use
 * this one list, so the figures in docs/reliability.md are for exactly these bytes.
 *
 * The cases come from issue 9's findings (REP, alternate-screen flips, combining marks, a 4 MB
 * title, random bytes) and from reading xterm.js 6.0.0's InputHandler for other loops a count can
 * drive (SU, SD, IL, DL and CHT loop `count` times, like REP did), plus the storms that turn one
 * byte of output into a message between threads (bells, titles, queries).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../helpers/mulberry32';

export interface HostileCase {
  readonly name: string;
  /** What it does, in a few words (for test names and the report). */
  readonly what: string;
  readonly bytes: () => Buffer;
}

const MiB = 1024 * 1024;
/** The largest count a CSI parameter can hold in xterm.js (its Params clamp at 2^31 − 1). */
const HUGE = 2_147_483_647;
const ESC = '\x1b';

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: 'rep-storm',
    what: "200 × REP with count 2^31−1 (issue 9: one `printf 'a\\e[2147483647b'` took 8.7 GB)",
    bytes: () => text(`a${ESC}[${HUGE}b`.repeat(200)),
  },
  {
    name: 'scroll-count',
    what: 'SU, SD, IL, DL with count 2^31−1 (each a loop of that many line splices in xterm.js)',
    bytes: () => text(`x${ESC}[${HUGE}S${ESC}[${HUGE}T${ESC}[${HUGE}L${ESC}[${HUGE}M`),
  },
  {
    name: 'tab-count',
    what: 'CHT and CBT with count 2^31−1 (a loop of that many tab-stop searches)',
    bytes: () => text(`${ESC}[5G${ESC}[${HUGE}Z${ESC}[${HUGE}I`.repeat(4)),
  },
  {
    name: 'alt-screen-flips',
    what: "20 000 × `\\e[?1049h\\e[?1049l` (issue 9: an attach's snapshot timed out at 30 s)",
    bytes: () => text(`${ESC}[?1049h${ESC}[?1049l`.repeat(20_000)),
  },
  {
    name: 'combining-marks',
    what: '1 MiB of combining marks on one base character (issue 9: 16.7 s)',
    bytes: () => text(`a${'\u0301'.repeat(MiB / 2)}\r\n`),
  },
  {
    name: 'osc-title-4mb',
    what: 'a 4 MiB OSC 0 title (issue 9: 26 s)',
    bytes: () => text(`${ESC}]0;${'t'.repeat(4 * MiB)}\x07`),
  },
  {
    name: 'dcs-4mb',
    what: 'a 4 MiB DECRQSS payload (xterm.js gathers DCS payloads up to 10 MB)',
    bytes: () => text(`${ESC}P$q${'d'.repeat(4 * MiB)}${ESC}\\`),
  },
  {
    name: 'osc-unterminated',
    what: 'a 4 MiB OSC 2 that never ends, then text',
    bytes: () => text(`${ESC}]2;${'u'.repeat(4 * MiB)}\r\nafter\r\n`),
  },
  {
    name: 'apc-unterminated',
    what: 'a 4 MiB APC string that never ends',
    bytes: () => text(`${ESC}_${'a'.repeat(4 * MiB)}`),
  },
  {
    name: 'random-bytes',
    what: "7 MiB of random bytes (issue 9: a million 'Parsing error' lines in the log)",
    bytes: () => {
      const next = mulberry32(9);
      const buffer = Buffer.alloc(7 * MiB);
      for (let i = 0; i < buffer.length; i++) buffer[i] = Math.floor(next() * 256);
      return buffer;
    },
  },
  {
    name: 'sgr-params',
    what: '1000 × SGR with 5000 parameters each',
    bytes: () => {
      const params = Array.from({ length: 5000 }, (_, i) => String(i % 108)).join(';');
      return text(`${ESC}[${params}mX`.repeat(1000));
    },
  },
  {
    name: 'cursor-moves',
    what: '20 000 × CUP, CUU, CUF, CUB, CUD with count 2^31−1',
    bytes: () =>
      text(`${ESC}[${HUGE};${HUGE}H${ESC}[${HUGE}A${ESC}[${HUGE}C${ESC}[${HUGE}D${ESC}[${HUGE}B`.repeat(20_000)),
  },
  {
    name: 'scroll-region-storm',
    what: '50 000 scroll-region changes, each with index, reverse index and a line feed',
    bytes: () => {
      const parts: string[] = [];
      for (let i = 0; i < 50_000; i++) parts.push(`${ESC}[${1 + (i % 20)};${22 + (i % 3)}r${ESC}D${ESC}M\n${i}`);
      return text(`${parts.join('')}${ESC}[r`);
    },
  },
  {
    name: 'title-storm',
    what: '100 000 short titles (each one a message from the mirror to the service)',
    bytes: () => text(Array.from({ length: 100_000 }, (_, i) => `${ESC}]0;t${i}\x07`).join('')),
  },
  {
    name: 'bell-storm',
    what: '1 MiB of BEL',
    bytes: () => Buffer.alloc(MiB, 0x07),
  },
  {
    name: 'query-storm',
    what: "20 000 × DA1 (`\\e[c`): each answered by the mirror, into the program's input",
    bytes: () => text(`${ESC}[c`.repeat(20_000)),
  },
];

export function hostileCase(name: string): HostileCase {
  const found = HOSTILE_CASES.find((entry) => entry.name === name);
  if (!found) throw new Error(`no hostile case ${name}; known: ${HOSTILE_CASES.map((c) => c.name).join(', ')}`);
  return found;
}

/**
 * The case's bytes in a file under the temp directory, for a shell to `cat`. The name carries a
 * hash of the bytes, so a changed case never reads a stale file; each file is written once.
 */
export function hostileFile(entry: HostileCase): string {
  const bytes = entry.bytes();
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'sluice-hostile');
  const file = join(dir, `${entry.name}-${hash}.bin`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written under another name first: a concurrent reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  }
  return file;
}
