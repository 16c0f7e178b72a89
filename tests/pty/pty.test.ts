/**
 * The PTY layer against real pseudo-terminals (no mocks). No assertion is about time: where a test
 * has to wait for the kernel (a child blocked on a full buffer, a child reaped), it polls for that
 * state and then asserts on bytes.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { spawnPty } from '../../src/main/pty/nodePty';
import type { Pty } from '../../src/main/pty/pty';
import { collect, ENV, killQuietly, spawn, until } from './helpers';
import { mulberry32 } from '../helpers/mulberry32';

/** 5 MB from a pipeline whose last writer exits right after its last write: the lossy case. */
const BURST_BYTES = 5_000_000;
const BURST = `head -c ${BURST_BYTES} /dev/zero | tr '\\0' x`;
/** bash's builtin printf writes 10 KB, then bash exits at once. */
const SHORT_BURST = `s=$(printf '%10240s' ''); printf '%s' "\${s// /x}"`;

/** A listener that pauses after random chunks and resumes on a random later turn. */
function randomPauser(pty: Pty, seed: number): (chunk: string) => void {
  const random = mulberry32(seed);
  return () => {
    if (random() >= 0.25) return;
    pty.pause();
    const resume = (): void => pty.resume();
    if (random() < 0.5) setImmediate(resume);
    else setTimeout(resume, Math.floor(random() * 4));
  };
}

async function inPool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>) {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Bytes the process has written so far (all its writes, counted by the kernel). */
function bytesWritten(pid: number): number {
  const match = /^wchar:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return Number(match?.[1]);
}

/** write(2)'s number on this machine, as the first field of /proc/<pid>/syscall gives it. */
const WRITE_SYSCALL: Partial<Record<NodeJS.Architecture, number>> = { x64: 1, arm64: 64, ia32: 4, arm: 4 };

/** Asleep (state `S`) inside write(2): what a program blocked on a full terminal looks like. */
function sleepsInWrite(pid: number): boolean {
  const write = WRITE_SYSCALL[process.arch];
  if (write === undefined) throw new Error(`write(2)'s number on ${process.arch} is not known here`);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  // "running" while it runs, else the number of the system call it sleeps in and its arguments.
  const syscall = readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0];
  return state === 'S' && syscall === String(write);
}

/**
 * Waits until `pid` is blocked on a full pty (asleep in write(2)) and returns the bytes it has
 * written. Called while the pty is paused: nobody reads the master, so once the program sleeps
 * there it sleeps for good, and the count is final.
 */
async function blockedOnWrite(pid: number): Promise<number> {
  await until(() => sleepsInWrite(pid), `process ${pid} to block on a full terminal`);
  return bytesWritten(pid);
}

/**
 * Whether `pty` knows that its program has exited: from then on `kill()` sends nothing (the pid
 * may belong to another process by now). Asked with `process.kill` stubbed, so nothing is sent.
 */
function knowsOfExit(pty: Pty): boolean {
  const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
  try {
    pty.kill('SIGCONT');
    return kill.mock.calls.length === 0;
  } finally {
    kill.mockRestore();
  }
}

/** A FIFO in a new temporary folder: a program opened on it waits until the test writes. */
function makeFifo(): { readonly path: string; release(): Promise<void>; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-pty-'));
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  return {
    path: fifo,
    release: () => writeFile(fifo, 'go\n'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function lines(from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) text += `${i}\r\n`; // ONLCR: the terminal turns \n into \r\n
  return text;
}

describe('exit integrity: the last bytes before exit are never lost', () => {
  it('delivers all 5 MB of a burst that exits immediately, 200 runs in a row', async () => {
    const lost = await inPool(200, 3, async () => {
      const run = await collect(spawn({ command: BURST }));
      expect(run.exit).toEqual({ exitCode: 0, signal: null });
      expect(run.chunks.every((c) => !/[^x]/.test(c))).toBe(true);
      return BURST_BYTES - run.text.length;
    });
    expect(lost.filter((n) => n !== 0)).toEqual([]);
  });

  it('delivers all 5 MB with the pty paused and resumed at random', async () => {
    const lost = await inPool(30, 2, async (i) => {
      const pty = spawn({ command: BURST });
      const run = await collect(pty, randomPauser(pty, i + 1));
      return BURST_BYTES - run.text.length;
    });
    expect(lost.filter((n) => n !== 0)).toEqual([]);
  });

  it('delivers a 10 KB printf followed by exit, consumed at once and paused at random', async () => {
    const expected = 'x'.repeat(10240);
    const runs = await inPool(200, 4, async (i) => {
      const pty = spawn({ command: SHORT_BURST });
      return collect(pty, i % 2 === 0 ? undefined : randomPauser(pty, i));
    });
    expect(runs.filter((r) => r.text !== expected).map((r) => r.text.length)).toEqual([]);
  });

  it('delivers every line of seq 1 100000, consumed at once and paused at random', async () => {
    const expected = lines(1, 100000);
    const runs = await inPool(20, 2, async (i) => {
      const pty = spawn({ shell: 'seq', args: ['1', '100000'] });
      return collect(pty, i % 2 === 0 ? undefined : randomPauser(pty, 1000 + i));
    });
    for (const run of runs) {
      expect(run.text.length).toBe(expected.length);
      expect(run.text === expected).toBe(true);
    }
  });

  it('fires onExit once, after the last onData, with the exit code', async () => {
    const run = await collect(spawn({ command: `${SHORT_BURST}; exit 7` }));
    expect(run.exit).toEqual({ exitCode: 7, signal: null });
    expect(run.log.indexOf('exit')).toBe(run.log.length - 1);
    expect(run.log.filter((e) => e === 'exit')).toHaveLength(1);
    expect(run.text).toBe('x'.repeat(10240));
  });

  it('reports exit even if a background job keeps the terminal open', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-pty-'));
    const pidFile = path.join(dir, 'pid');
    try {
      // The job ignores the SIGHUP the kernel sends when the session leader exits.
      const command = `echo before; (trap '' HUP; exec sleep 1000) & echo $! > ${pidFile}; echo after`;
      const run = await collect(spawn({ command }));
      expect(run.text).toBe('before\r\nafter\r\n');
      expect(run.exit.exitCode).toBe(0);
      killQuietly(Number(readFileSync(pidFile, 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports exit even if a background job keeps writing forever', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-pty-'));
    const pidFile = path.join(dir, 'pid');
    try {
      const command = `printf start; (trap '' HUP; exec yes) & echo $! > ${pidFile}; exit 5`;
      const run = await collect(spawn({ command }));
      expect(run.text.startsWith('start')).toBe(true);
      expect(run.exit.exitCode).toBe(5);
      killQuietly(Number(readFileSync(pidFile, 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('UTF-8 decoding', () => {
  /** Runs node in the pty, writing `text` (as UTF-8) to its terminal. */
  function printWithNode(expression: string): Pty {
    return spawnPty({
      shell: process.execPath,
      args: ['-e', `process.stdout.write(${expression})`],
      cwd: tmpdir(),
      env: ENV,
      cols: 80,
      rows: 24,
    });
  }

  for (const [name, expression, expected] of [
    ['3-byte characters off the read boundary', `'a' + '€'.repeat(200000)`, `a${'€'.repeat(200000)}`],
    ['4-byte characters', `'😀'.repeat(150000)`, '😀'.repeat(150000)],
    ['mixed widths', `'aé€😀'.repeat(60000)`, 'aé€😀'.repeat(60000)],
  ] as const) {
    it(`never splits ${name} across events`, async () => {
      for (const paused of [false, true]) {
        const pty = printWithNode(expression);
        const run = await collect(pty, paused ? randomPauser(pty, 7) : undefined);
        expect(run.chunks.length).toBeGreaterThan(10);
        expect(run.chunks.filter((c) => c.includes('\uFFFD'))).toEqual([]);
        // A split 4-byte character would leave a lone surrogate at a chunk edge.
        expect(run.chunks.filter((c) => /[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/.test(c))).toEqual([]);
        expect(run.text === expected).toBe(true);
      }
    });
  }

  it('turns invalid bytes into U+FFFD, including a truncated character at exit', async () => {
    const run = await collect(spawn({ command: `printf 'a\\xffb\\xe2\\x82'` }));
    expect(run.text).toBe('a\uFFFDb\uFFFD');
  });

  it('keeps a leading byte-order mark', async () => {
    const run = await collect(spawn({ command: `printf '\\xef\\xbb\\xbfok'` }));
    expect(run.text).toBe('\uFEFFok');
  });
});

describe('pause and resume', () => {
  it('reads nothing while paused: the program blocks on a full buffer', async () => {
    const yes = spawn({ command: `exec tr '\\0' y < /dev/zero` });
    let received = 0;
    let receivedWhilePaused = 0;
    let paused = false;
    let pausedOnce = false;
    const done = collect(yes, (chunk) => {
      received += chunk.length;
      if (paused) receivedWhilePaused += chunk.length;
      if (!pausedOnce) {
        pausedOnce = true;
        paused = true;
        yes.pause();
      }
    });
    await until(() => pausedOnce, 'first output');
    const written = await blockedOnWrite(yes.pid);
    expect(receivedWhilePaused).toBe(0);
    // Only what the kernel buffers (about 10 KB per pty) is between the program and us.
    expect(written - received).toBeLessThan(64 * 1024);
    expect(written - received).toBeGreaterThan(0);

    paused = false;
    const before = received;
    yes.resume();
    await until(() => received > before + 1024 * 1024, 'output after resume');
    yes.kill('SIGKILL');
    const run = await done;
    expect(run.exit.signal).toBe(9);
  });

  it('delivers every line exactly once, in order, when paused in the middle', async () => {
    const pty = spawnPty({
      shell: 'seq',
      args: ['1', '200000'],
      cwd: tmpdir(),
      env: ENV,
      cols: 80,
      rows: 24,
    });
    let length = 0;
    let paused = false;
    let receivedWhilePaused = 0;
    const done = collect(pty, (chunk) => {
      if (paused) receivedWhilePaused += chunk.length;
      length += chunk.length;
      if (!paused && length > 300_000) {
        paused = true;
        pty.pause();
      }
    });
    await until(() => paused, 'half of the output');
    const written = await blockedOnWrite(pty.pid);
    expect(receivedWhilePaused).toBe(0);
    expect(written).toBeLessThan(lines(1, 200000).length / 2);
    pty.resume();
    const run = await done;
    expect(run.text === lines(1, 200000)).toBe(true);
    expect(run.exit).toEqual({ exitCode: 0, signal: null });
  });

  it('holds the exit of a program that finished while paused until its output is delivered', async () => {
    const expected = 'x'.repeat(6000); // fits in the kernel's ~10 KB, so printf can finish
    const pty = spawn({ command: `s=$(printf '%6000s' ''); printf '%s' "\${s// /x}"` });
    pty.pause();
    let exited = false;
    let length = 0;
    const done = collect(pty, (chunk) => {
      length += chunk.length;
    }).then((run) => {
      exited = true;
      return run;
    });
    await until(() => !existsSync(`/proc/${pty.pid}`), 'the program to be reaped');
    // Reaped is not yet known: node-pty's exit callback reaches the event loop a little later. Once
    // the pty knows, anything it would wrongly do about the exit while paused (read, fire onExit)
    // it has done.
    await until(() => knowsOfExit(pty), 'the pty to learn of the exit');
    expect(length).toBe(0);
    expect(exited).toBe(false);
    pty.resume();
    const run = await done;
    expect(run.text).toBe(expected);
    expect(run.log.at(-1)).toBe('exit');
    expect(run.exit).toEqual({ exitCode: 0, signal: null });
  });
});

describe('spawn errors', () => {
  it('rejects a shell that does not exist', () => {
    expect(() => spawn({ shell: '/bin/nope' })).toThrow('no such shell: /bin/nope');
    expect(() => spawn({ shell: 'sluice-no-such-shell' })).toThrow('no such shell: sluice-no-such-shell');
  });

  it('rejects a shell that is not an executable file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-pty-'));
    try {
      const file = path.join(dir, 'not-executable');
      writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
      expect(() => spawn({ shell: file })).toThrow(`no such shell: ${file} (not an executable file)`);
      expect(() => spawn({ shell: dir })).toThrow(`no such shell: ${dir}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("resolves a bare name through the child's PATH, not ours", async () => {
    expect(() => spawn({ env: { ...ENV, PATH: '/nonexistent' } })).toThrow('no such shell: bash');
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-pty-'));
    try {
      const script = path.join(dir, 'sluice-test-shell');
      writeFileSync(script, '#!/bin/sh\nprintf "private shell"\n');
      chmodSync(script, 0o755);
      const pty = spawn({ shell: 'sluice-test-shell', env: { ...ENV, PATH: `${dir}:/usr/bin:/bin` } });
      expect((await collect(pty)).text).toBe('private shell');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a cwd that does not exist or is not a directory', () => {
    expect(() => spawn({ cwd: '/nope' })).toThrow('no such directory: /nope');
    expect(() => spawn({ cwd: '/etc/passwd' })).toThrow('no such directory: /etc/passwd');
  });

  it('runs in the given cwd', async () => {
    const run = await collect(spawn({ command: 'pwd', cwd: '/usr' }));
    expect(run.text).toBe('/usr\r\n');
  });
});

describe('input, size, signals', () => {
  it('holds input a program is not reading yet, and delivers all of it once it reads', async () => {
    // Raw mode, no echo: the program waits on a FIFO while 300 KB of input arrives (far more than
    // the kernel takes), then, released, reads exactly that much and reports the count.
    const fifo = makeFifo();
    try {
      const pty = spawn({
        command: `stty raw -echo; printf READY; head -n1 '${fifo.path}' >/dev/null; head -c 300000 | wc -c`,
      });
      let text = '';
      const done = collect(pty, (chunk) => {
        text += chunk;
      });
      await until(() => text.includes('READY'), 'raw mode'); // so the line discipline does not cook it
      pty.write('y'.repeat(300000));
      await fifo.release();
      const run = await done;
      expect(run.text.replace('READY', '').trim()).toBe('300000');
      expect(run.exit).toEqual({ exitCode: 0, signal: null });
    } finally {
      fifo.dispose();
    }
  });

  it('writes input (UTF-8 included) and the terminal echoes it', async () => {
    const pty = spawn({ shell: 'cat', args: [] });
    let text = '';
    const done = collect(pty, (chunk) => {
      text += chunk;
    });
    pty.write('héllo €😀\n');
    // Once echoed by the line discipline, once written back by cat.
    await until(() => text.split('héllo €😀\r\n').length === 3, 'echo and cat output');
    pty.write('\x04'); // VEOF at the start of a line: cat reads end-of-file
    const run = await done;
    expect(run.exit).toEqual({ exitCode: 0, signal: null });
  });

  it('sets the initial size and resizes', async () => {
    const pty = spawn({ command: 'stty size; read -r _; stty size', cols: 81, rows: 25 });
    let text = '';
    const done = collect(pty, (chunk) => {
      text += chunk;
    });
    await until(() => text.includes('25 81\r\n'), 'the initial size');
    pty.resize(132, 43);
    pty.write('\n');
    const run = await done;
    expect(run.text).toBe('25 81\r\n\r\n43 132\r\n');
  });

  it('kills with SIGHUP by default, or the given signal', async () => {
    const hup = spawn({ shell: 'sleep', args: ['1000'] });
    const hupDone = collect(hup);
    hup.kill();
    expect((await hupDone).exit).toEqual({ exitCode: 0, signal: 1 });

    const term = spawn({ shell: 'sleep', args: ['1000'] });
    const termDone = collect(term);
    term.kill('SIGTERM');
    expect((await termDone).exit).toEqual({ exitCode: 0, signal: 15 });
  });

  it('ignores kill, write, resize, pause and resume after exit', async () => {
    const pty = spawn({ command: 'exit 0' });
    await collect(pty);
    expect(() => {
      pty.kill();
      pty.kill('SIGKILL');
      pty.write('late input');
      pty.resize(100, 30);
      pty.pause();
      pty.resume();
    }).not.toThrow();
  });

  it("names the foreground process (node-pty's process)", async () => {
    const pty = spawn({ shell: 'sleep', args: ['1000'] });
    const done = collect(pty);
    // Right after fork the child may not have exec'd yet; wait for the exec, not for time.
    await until(() => pty.process === 'sleep', 'sleep to be the foreground process');
    expect(pty.process).toBe('sleep');
    pty.kill('SIGKILL');
    await done;
  });
});
