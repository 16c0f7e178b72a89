/**
 * The flood the benchmarks pour through the service: a coloured log of terminal-width lines (a
 * dim timestamp, a coloured level, text), like a build or a server log — the kind of output that
 * floods terminals. Colour matters: SGR sequences make parsing ~2× slower than plain text, so the
 * parsers (the mirror, the renderer) are the bottleneck, as they are in real use. Written once per
 * run to the temp directory.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LEVELS = [
  '\x1b[32mINFO \x1b[0m',
  '\x1b[36mDEBUG\x1b[0m',
  '\x1b[33mWARN \x1b[0m',
  '\x1b[32mINFO \x1b[0m',
  '\x1b[31mERROR\x1b[0m',
];
const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore'.split(
  ' ',
);

export function writeFloodFile(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const level = LEVELS[i % LEVELS.length] ?? '';
    let text = '';
    for (let w = i; text.length < 48; w += 7) text += `${WORDS[w % WORDS.length]} `;
    const line = `\x1b[2m${String(i).padStart(8, '0')}\x1b[0m ${level} ${text}\x1b[1m#${i % 997}\x1b[0m\n`;
    lines.push(line);
    size += line.length;
  }
  const file = path.join(tmpdir(), `sluice-flood-${bytes}.txt`);
  writeFileSync(file, lines.join('').slice(0, bytes));
  return file;
}

/** The other extreme: `yes` output, two bytes a line, where the kernel's line discipline is slowest. */
export function writeShortLinesFile(bytes: number): string {
  const file = path.join(tmpdir(), `sluice-short-lines-${bytes}.txt`);
  writeFileSync(file, 'y\n'.repeat(Math.floor(bytes / 2)));
  return file;
}

/** Width of a long-line flood's lines: the "100-column lines", one screen row each on a wide window. */
const LONG_LINE_COLUMNS = 100;

/** Plain 100-column lines of printable ASCII (a build log without colour, a CSV), varying line to line. */
export function writeLongLinesFile(bytes: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_=+/()[]{}';
  const lines: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    let line = `${String(i).padStart(8, '0')} `;
    for (let c = 0; line.length < LONG_LINE_COLUMNS; c++) line += alphabet[(i * 7 + c * 13) % alphabet.length];
    lines.push(`${line}\n`);
    size += LONG_LINE_COLUMNS + 1;
  }
  const file = path.join(tmpdir(), `sluice-long-lines-${bytes}.txt`);
  writeFileSync(file, lines.join(''));
  return file;
}
