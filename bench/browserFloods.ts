/**
 * The three floods of the browser bench (issue 7): `seq 1 300000`, 12 MiB of 100-column lines and
 * 12 MiB of coloured log lines. Each ends in a line of its own, so the page can tell when the last
 * line is on screen, and knows how many bytes the PTY delivers for it (LF becomes CRLF).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFloodFile, writeLongLinesFile } from './floodFile';

const MiB = 1024 * 1024;
/** The 12 MB; xterm.js renders ~10 MiB/s here, so about a second or two a run. */
const FILE_FLOOD_BYTES = 12 * MiB;
/** The issue's `seq 1 300000`: 2 MiB of short lines, where per-line costs dominate. */
const SEQ_COUNT = 300_000;

export interface BrowserFlood {
  readonly name: string;
  /** What is typed at the prompt. */
  readonly command: string;
  /** The row that shows the flood is done. */
  readonly lastLine: string;
  /** Bytes the PTY delivers (CRLF line ends). */
  readonly bytes: number;
}

/** The file's whole lines (a cut inside an escape sequence would swallow what follows) and an end line. */
function withEndLine(file: string, endLine: string): { file: string; bytes: number } {
  const whole = readFileSync(file, 'utf8');
  const text = `${whole.slice(0, whole.lastIndexOf('\n') + 1)}${endLine}\n`;
  const out = path.join(tmpdir(), `${path.basename(file, '.txt')}-ended.txt`);
  writeFileSync(out, text);
  const lines = text.split('\n').length - 1;
  return { file: out, bytes: Buffer.byteLength(text) + lines };
}

function seqBytes(count: number): number {
  let bytes = 0;
  for (let n = 1; n <= count; n++) bytes += String(n).length + 2;
  return bytes;
}

export interface BrowserFloods {
  readonly floods: readonly BrowserFlood[];
  /** The coloured log, for the second window's endless flood during the echo measurement. */
  readonly logFile: string;
}

export function browserFloods(): BrowserFloods {
  const long = withEndLine(writeLongLinesFile(FILE_FLOOD_BYTES), 'END OF THE LONG-LINE FLOOD');
  const log = withEndLine(writeFloodFile(FILE_FLOOD_BYTES), 'END OF THE COLOURED-LOG FLOOD');
  return {
    floods: [
      {
        name: `seq 1 ${SEQ_COUNT}`,
        command: `seq 1 ${SEQ_COUNT}`,
        lastLine: String(SEQ_COUNT),
        bytes: seqBytes(SEQ_COUNT),
      },
      {
        name: '12 MiB of 100-column lines',
        command: `cat ${long.file}`,
        lastLine: 'END OF THE LONG-LINE FLOOD',
        bytes: long.bytes,
      },
      {
        name: '12 MiB coloured log',
        command: `cat ${log.file}`,
        lastLine: 'END OF THE COLOURED-LOG FLOOD',
        bytes: log.bytes,
      },
    ],
    logFile: log.file,
  };
}
