/**
 * `npm run bench -- hostile`: every case of the hostile-output corpus (tests/hostile/corpus.ts),
 * each in a process of its own (bench/hostileChild.ts), with what another session feels while
 * it runs: its keystroke echo, a second window's attach, and the process's memory.
 */
import { execFile } from 'node:child_process';
import { HOSTILE_CASES } from '../tests/hostile/corpus';
import type { HostileRunResult } from '../tests/hostile/hostileRun';
import type { Row } from './bareReport';

export type HostileFigures = HostileRunResult & { readonly maxRssMiB: number };

/**
 * A case that is not done in this long is reported as such: before the count caps, one 14-byte
 * `\e[2147483647S` kept the mirror busy for about two hours.
 */
const CASE_TIMEOUT_MS = 60_000;
/** Room for tsx to compile and the service to start and stop, on top of the case's own time-out. */
const CHILD_OVERHEAD_MS = 60_000;

function runChild(name: string): Promise<HostileFigures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/hostileChild.ts', name, String(CASE_TIMEOUT_MS)],
      { encoding: 'utf8', maxBuffer: 1 << 20, timeout: CASE_TIMEOUT_MS + CHILD_OVERHEAD_MS },
      (error, stdout) => {
        const line = stdout.split('\n').find((text) => text.startsWith('{'));
        if (line) resolve(JSON.parse(line) as HostileFigures);
        else reject(error ?? new Error(`hostile case ${name} printed no result`));
      },
    );
  });
}

export async function measureHostile(log: (line: string) => void): Promise<HostileFigures[]> {
  const results: HostileFigures[] = [];
  for (const entry of HOSTILE_CASES) {
    log(`bench: hostile output, ${entry.name}…`);
    results.push(await runChild(entry.name));
  }
  return results;
}

const ms = (value: number | null): string =>
  value === null || !Number.isFinite(value) ? 'never' : `${Math.round(value)} ms`;

export function hostileRows(results: readonly HostileFigures[]): Row[] {
  return results.map((result) => ({
    measure: `hostile ${result.name}`,
    value:
      `done ${result.timedOut ? `> ${CASE_TIMEOUT_MS / 1000} s` : ms(result.doneMs)}; ` +
      `other session: echo max ${ms(result.echo.maxMs)}, attach max ${ms(result.attach.maxMs)}; ` +
      `RSS peak ${Math.round(result.maxRssMiB)} MiB`,
    target: '',
    met: undefined,
  }));
}
