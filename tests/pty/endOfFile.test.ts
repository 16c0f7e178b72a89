/**
 * macOS ends a pty master's output with read() returning 0, where Linux returns EIO (XNU's
 * ptcread: end-of-file once the slave is closed). There is no macOS machine here, so this drives
 * `PtyProcess` with the same end-of-file form from a real kernel object: the read end of a FIFO
 * returns 0 once its last writer has closed it. The "program" is a child process that writes to
 * the FIFO and exits; its exit, as node-pty's waitpid thread would report it, is the child's
 * 'exit' event. Both orders (end-of-file before the exit, and the exit before the last bytes are
 * read) occur across the runs.
 */
import { execFileSync, spawn as spawnChild } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pty } from '../../src/main/pty/pty';
import { PtyProcess } from '../../src/main/pty/ptyProcess';
import { collect, until } from './helpers';

/** Whether `pid` still exists (a zombie counts: it has not been reaped). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-eof-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let fifoCount = 0;

/** A `Pty` whose "master" is a FIFO that `command` (run by sh) writes to before it exits. */
function spawnOnFifo(command: string): Pty {
  const fifo = path.join(dir, `fifo-${fifoCount++}`);
  execFileSync('mkfifo', [fifo]);
  return new PtyProcess((onExit) => {
    // The read end first (a non-blocking open of a FIFO's read end never waits), then one write
    // end for the child, so the reader never sees "no writer yet" as end-of-file.
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    const child = spawnChild('sh', ['-c', command], { stdio: ['ignore', writer, 'inherit'] });
    closeSync(writer);
    child.on('exit', (code, signal) => onExit(code ?? 0, signal === null ? 0 : 9));
    return {
      fd,
      pid: child.pid ?? -1,
      resize: () => {},
      foregroundProcess: () => undefined,
      foreground: () => undefined,
      cwd: () => undefined,
    };
  }, 'sh');
}

describe('a master whose end of output is read() returning 0 (the macOS form)', () => {
  it('delivers every byte, then the exit, 100 runs', async () => {
    const bytes = 100_000;
    for (let i = 0; i < 100; i++) {
      const run = await collect(spawnOnFifo(`head -c ${bytes} /dev/zero | tr '\\0' x; exit 3`));
      expect(run.text.length).toBe(bytes);
      expect(run.exit).toEqual({ exitCode: 3, signal: null });
      expect(run.log.indexOf('exit')).toBe(run.log.length - 1);
    }
  });

  it('holds the exit of a program that finished while paused until resume delivered the rest', async () => {
    const pty = spawnOnFifo(`printf 'before-'; printf 'after'`);
    pty.pause();
    let exited = false;
    const done = collect(pty).then((run) => {
      exited = true;
      return run;
    });
    // Reaped (Node reaps before its 'exit' event, our exit callback): its bytes sit in the FIFO.
    await until(() => !exists(pty.pid), 'the writer to be reaped');
    expect(exited).toBe(false);
    pty.resume();
    const run = await done;
    expect(run.text).toBe('before-after');
    expect(run.log.at(-1)).toBe('exit');
  });
});
