/**
 * Which backend each platform gets, and the Windows one (node-pty's own ConPTY data path) driven
 * through a stand-in for node-pty that is typed against node-pty's real typings. There is no
 * Windows machine here: the stand-in behaves as node-pty 1.1.0's lib/windowsTerminal.js reads
 * (its `process` is the terminal name, kill() throws when given a signal, resize() throws once
 * the process has exited, 'exit' may carry no code).
 */
import { tmpdir } from 'node:os';
import type * as NodePty from 'node-pty';
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../src/shared/event';
import { choosePtyBackend, spawnPty } from '../../src/main/pty/nodePty';
import type { Pty, PtyExit, PtySpawnOptions } from '../../src/main/pty/pty';

class FakeWindowsPty implements NodePty.IPty {
  readonly pid = 4711;
  readonly cols: number;
  readonly rows: number;
  readonly process: string;
  handleFlowControl = false;
  readonly #data = new Emitter<string>();
  readonly #exit = new Emitter<{ exitCode: number; signal?: number }>();
  readonly onData = this.#data.event;
  readonly onExit = this.#exit.event;
  /** Every call the adapter made, in order. */
  readonly calls: string[] = [];
  /** The process has exited (node-pty knows it before its 'exit' event). */
  processExited = false;

  constructor(readonly options: NodePty.IWindowsPtyForkOptions) {
    this.cols = options.cols ?? 80;
    this.rows = options.rows ?? 24;
    this.process = options.name ?? 'Windows Shell'; // windowsTerminal.js: `process` is the name
  }

  emitData(data: string): void {
    this.#data.fire(data);
  }

  /** As windowsTerminal.js fires it: from the socket's 'close', with the agent's exit code. */
  emitExit(exitCode: number | undefined): void {
    this.processExited = true;
    // Typed as a number by node-pty, undefined at run time when the console closed first.
    this.#exit.fire({ exitCode: exitCode as number });
  }

  resize(columns: number, rows: number): void {
    // windowsTerminal.js checks the numbers first, then windowsPtyAgent.js the exit.
    if (columns <= 0 || rows <= 0) throw new Error('resizing must be done using positive cols and rows');
    if (this.processExited) throw new Error('Cannot resize a pty that has already exited');
    this.calls.push(`resize ${columns}x${rows}`);
  }
  clear(): void {
    this.calls.push('clear');
  }
  write(data: string | Buffer): void {
    this.calls.push(`write ${data.toString()}`);
  }
  kill(signal?: string): void {
    if (signal !== undefined) throw new Error('Signals not supported on windows.');
    this.calls.push('kill');
  }
  pause(): void {
    this.calls.push('pause');
  }
  resume(): void {
    this.calls.push('resume');
  }
}

/** node-pty's module as seen on Windows: `spawn`, and no native binding. */
function fakeNodePty(behaviour: { throws?: Error } = {}): { module: typeof NodePty; spawned: FakeWindowsPty[] } {
  const spawned: FakeWindowsPty[] = [];
  const module: typeof NodePty = {
    spawn: (file, args, options) => {
      if (behaviour.throws) throw behaviour.throws;
      const term = new FakeWindowsPty({ ...options });
      term.calls.push(`spawn ${file} ${JSON.stringify(args)}`);
      spawned.push(term);
      return term;
    },
  };
  return { module, spawned };
}

const OPTIONS: PtySpawnOptions = {
  shell: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe',
  args: ['-NoLogo'],
  cwd: tmpdir(),
  env: { TERM: 'xterm-256color', Path: 'C:\\Windows\\System32' },
  cols: 100,
  rows: 30,
};

function spawnOnWindows(): { pty: Pty; term: FakeWindowsPty } {
  const { module, spawned } = fakeNodePty();
  const pty = spawnPty(OPTIONS, { platform: 'win32', nodePty: module });
  return { pty, term: spawned[0]! };
}

/** Every event of `pty`, in order. */
function record(pty: Pty): { log: string[]; exited: Promise<PtyExit> } {
  const log: string[] = [];
  pty.onData((data) => log.push(`data ${data}`));
  const exited = new Promise<PtyExit>((resolve) =>
    pty.onExit((exit) => {
      log.push('exit');
      resolve(exit);
    }),
  );
  return { log, exited };
}

describe('choosePtyBackend', () => {
  for (const [platform, backend] of [
    ['linux', 'master-reader'],
    ['darwin', 'master-reader'],
    ['win32', 'conpty'],
  ] as const) {
    it(`${platform}: ${backend}`, () => {
      expect(choosePtyBackend(platform)).toBe(backend);
    });
  }

  for (const platform of ['freebsd', 'openbsd', 'aix', 'sunos'] as const) {
    it(`refuses ${platform}`, () => {
      expect(() => choosePtyBackend(platform)).toThrow(`supports Linux, macOS and Windows, not ${platform}`);
      expect(() => spawnPty(OPTIONS, { platform, nodePty: fakeNodePty().module })).toThrow(platform);
    });
  }

  it("Linux and macOS use node-pty's native binding, never its spawn", () => {
    const { module, spawned } = fakeNodePty();
    for (const platform of ['linux', 'darwin'] as const) {
      const options = { ...OPTIONS, shell: 'sh', env: { PATH: '/usr/bin:/bin' } };
      expect(() => spawnPty(options, { platform, nodePty: module })).toThrow('native binding');
    }
    expect(spawned).toEqual([]);
  });
});

describe('Windows: node-pty spawn (ConPTY)', () => {
  it('spawns through node-pty with the terminal name, size, cwd and environment', () => {
    const { pty, term } = spawnOnWindows();
    expect(term.calls).toEqual([`spawn ${OPTIONS.shell} ["-NoLogo"]`]);
    expect(term.options).toEqual({
      name: 'xterm-256color',
      cols: 100,
      rows: 30,
      cwd: OPTIONS.cwd,
      env: OPTIONS.env,
    });
    expect(pty.pid).toBe(4711);
  });

  it('checks the cwd before spawning, and words a missing shell as on Unix', () => {
    const { module, spawned } = fakeNodePty();
    expect(() => spawnPty({ ...OPTIONS, cwd: '/no/such/dir' }, { platform: 'win32', nodePty: module })).toThrow(
      'no such directory: /no/such/dir',
    );
    expect(spawned).toEqual([]);

    // conpty.cc's own message for a file it cannot find through Path.
    const missing = fakeNodePty({ throws: new Error('File not found: C:\\nope.exe') });
    expect(() => spawnPty({ ...OPTIONS, shell: 'nope.exe' }, { platform: 'win32', nodePty: missing.module })).toThrow(
      'no such shell: nope.exe',
    );
    const other = fakeNodePty({ throws: new Error('Cannot launch conpty') });
    expect(() => spawnPty(OPTIONS, { platform: 'win32', nodePty: other.module })).toThrow('Cannot launch conpty');
  });

  it('delivers data, then the exit with its code and no signal', async () => {
    const { pty, term } = spawnOnWindows();
    const { log, exited } = record(pty);
    term.emitData('PS C:\\> ');
    term.emitData('bye\r\n');
    term.emitExit(3);
    expect(await exited).toEqual({ exitCode: 3, signal: null });
    expect(log).toEqual(['data PS C:\\> ', 'data bye\r\n', 'exit']);
  });

  it('reports exit code 1 when node-pty closes the console before it saw the exit code', async () => {
    const { pty, term } = spawnOnWindows();
    const { exited } = record(pty);
    pty.kill();
    term.emitExit(undefined);
    expect(await exited).toEqual({ exitCode: 1, signal: null });
  });

  it("pauses node-pty's socket, and holds an exit that comes while paused until resume", async () => {
    const { pty, term } = spawnOnWindows();
    const { log, exited } = record(pty);
    term.emitData('a');
    pty.pause();
    expect(term.calls.at(-1)).toBe('pause');
    term.emitExit(0);
    expect(log).toEqual(['data a']);

    pty.resume();
    expect(log).toEqual(['data a']); // never from inside resume()
    expect(await exited).toEqual({ exitCode: 0, signal: null });
    expect(log).toEqual(['data a', 'exit']);
  });

  it('resumes the socket while the program runs; a pause before resume keeps the exit held', async () => {
    const { pty, term } = spawnOnWindows();
    const { log, exited } = record(pty);
    pty.pause();
    pty.resume();
    expect(term.calls.slice(-2)).toEqual(['pause', 'resume']);

    pty.pause();
    term.emitExit(0);
    pty.resume();
    pty.pause(); // paused again before the deferred exit ran
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]);
    pty.resume();
    await exited;
    expect(log).toEqual(['exit']);
  });

  it('kills without a signal (Windows has none), and ignores everything after exit', async () => {
    const { pty, term } = spawnOnWindows();
    const { exited } = record(pty);
    pty.write('dir\r');
    pty.resize(120, 40);
    pty.kill('SIGTERM');
    term.emitExit(undefined);
    await exited;
    pty.write('late');
    pty.resize(80, 24);
    pty.kill();
    pty.pause();
    pty.resume();
    expect(term.calls.slice(1)).toEqual(['write dir\r', 'resize 120x40', 'kill']);
  });

  it('treats a resize racing the exit as a no-op, and rethrows other resize errors', () => {
    const { pty, term } = spawnOnWindows();
    expect(() => pty.resize(0, 20)).toThrow('resizing must be done using positive cols and rows');
    term.processExited = true; // exited; node-pty's 'exit' is still on its way
    expect(() => pty.resize(90, 20)).not.toThrow();
    expect(term.calls).toHaveLength(1); // only the spawn
  });

  it('cannot tell the foreground program or the cwd, and has no process group to kill', () => {
    const { pty, term } = spawnOnWindows();
    expect(pty.foreground()).toBeUndefined();
    expect(pty.cwd()).toBeUndefined();
    pty.killProcessGroup();
    expect(term.calls).toHaveLength(1); // only the spawn
    // node-pty's own `process` is the terminal name on Windows; ours names the program.
    expect(term.process).toBe('xterm-256color');
    expect(pty.process).toBe('pwsh.exe');
  });
});
