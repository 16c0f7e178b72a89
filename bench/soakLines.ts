/**
 * What each soak session prints: numbered lines of varying length, paced, until told to stop,
 * then `END n` with its count. The subscribers know every line from its number, so they can tell
 * exactly which bytes, if any, never arrived.
 */

/** 97 distinct lengths of padding (0–96): lines of many sizes, so chunk boundaries fall everywhere. */
const PAD = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3);
const LENGTHS = 97;
/**
 * Lines between two pauses, and the pause (a `read -t` on the tty, which is also how the stop
 * signal arrives). 10 lines per 50 ms is at most 200 lines, ~10 KiB a second per session: 100
 * sessions make ~20 000 PTY writes and ~1 MiB a second, a steady load that leaves two cores room
 * for the parsers. (At 500 lines a second each, the first trial, the service's thread was busy
 * three quarters of the time with 50 000 reads a second, and the soak measured that, not leaks.)
 */
const LINES_PER_PAUSE = 10;
const PAUSE_SECONDS = 0.05;

/** Line `i` as the subscribers receive it (the PTY turns LF into CRLF). */
export function soakLine(i: number): string {
  return `L${i} ${PAD.slice(0, i % LENGTHS)}\r\n`;
}

/** The producer, for `bash -c`: waits for a line, prints until it reads another, then `END n`. */
export const PRODUCER_SCRIPT = [
  'stty -echo',
  'read -r',
  `pad=${PAD}`,
  'i=0',
  'while :; do',
  `  printf 'L%d %s\\n' "$i" "\${pad:0:$((i % ${LENGTHS}))}"`,
  '  i=$((i+1))',
  `  if (( i % ${LINES_PER_PAUSE} == 0 )); then read -r -t ${PAUSE_SECONDS} && break; fi`,
  'done',
  'printf \'END %d\\n\' "$i"',
].join('\n');
