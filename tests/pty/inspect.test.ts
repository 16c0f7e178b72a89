/**
 * What a `Pty` tells about the program on it (foreground job, current directory) and the cleanup
 * of its process group, against real pseudo-terminals. Each wait is a bounded poll for a kernel
 * state (an exec, a cd, a death), never a sleep followed by an assertion.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnUnpatchedNodePty } from '../../src/main/pty/nodePty';
import { parseTpgid } from '../../src/main/pty/procfs';
import { collect, ENV, killQuietly, spawn, until } from './helpers';

/** An interactive bash (job control on) that reads no rc file of this machine and keeps no history. */
const INTERACTIVE = { args: ['--norc', '--noprofile', '-i'], env: { ...ENV, HISTFILE: '/dev/null' } };

/** Field 3 (state) and 5 (pgrp) of /proc/<pid>/stat, or undefined once the process is gone. */
function stat(pid: number): { state: string; pgrp: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, pgrp: Number(fields[2]) };
}

/** Running or sleeping, not gone and not a zombie waiting for its new parent to reap it. */
function alive(pid: number): boolean {
  const state = stat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-inspect-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('foreground()', () => {
  it('is the shell while idle, the job while one runs, and undefined after exit', async () => {
    const pty = spawn(INTERACTIVE);
    const done = collect(pty);
    // Until bash has exec'd, the child is a copy of this process (argv[0] node): wait for bash.
    await until(() => pty.foreground()?.name === 'bash', 'bash to be in the foreground');
    expect(pty.foreground()).toEqual({ pid: pty.pid, name: 'bash' });

    pty.write('sleep 30\r');
    await until(() => pty.foreground()?.name === 'sleep', 'sleep to be in the foreground');
    const job = pty.foreground()!;
    expect(job.pid).not.toBe(pty.pid); // job control: a group of its own, led by sleep
    expect(readFileSync(`/proc/${job.pid}/comm`, 'utf8')).toBe('sleep\n');
    expect(stat(job.pid)?.pgrp).toBe(job.pid);

    pty.write('\x03'); // ^C: SIGINT to the foreground group
    await until(() => pty.foreground()?.pid === pty.pid, 'bash back in the foreground');
    expect(pty.foreground()).toEqual({ pid: pty.pid, name: 'bash' });

    pty.write('exit 0\r'); // a bare exit would return the ^C'd job's status, 130
    const run = await done;
    expect(run.exit.exitCode).toBe(0);
    expect(pty.foreground()).toBeUndefined();
  });

  it('reads past a program name that holds spaces and parentheses', async () => {
    // The kernel's comm is the name the program was exec'd as: "a) 1 2 (b" would shift every
    // field of /proc/<pid>/stat for a parser that stopped at the first ')'.
    const name = 'a) 1 2 (b';
    const link = path.join(dir, name);
    symlinkSync(realpathSync('/bin/sleep'), link);
    const pty = spawn({ shell: link, args: ['30'] });
    const done = collect(pty);
    await until(() => pty.foreground()?.name === name, 'the renamed sleep to be in the foreground');
    expect(readFileSync(`/proc/${pty.pid}/comm`, 'utf8')).toBe(`${name}\n`);
    expect(pty.foreground()).toEqual({ pid: pty.pid, name });
    expect(parseTpgid(readFileSync(`/proc/${pty.pid}/stat`, 'utf8'))).toBe(pty.pid);
    pty.kill('SIGKILL');
    await done;
  });

  for (const [argv0, expected] of [
    ['/opt/tools/vim-like', 'vim-like'], // a path: its basename
    ['-login-shell', 'login-shell'], // login(1)'s mark of a login shell: dropped
  ] as const) {
    it(`names the job by argv[0] ${argv0} as ${expected}`, async () => {
      const pty = spawn({ command: `exec -a ${argv0} sleep 30` });
      const done = collect(pty);
      await until(() => pty.foreground()?.name === expected, `${expected} in the foreground`);
      expect(pty.foreground()).toEqual({ pid: pty.pid, name: expected });
      pty.kill('SIGKILL');
      await done;
    });
  }
});

describe('cwd()', () => {
  it("follows the shell's cd, and is undefined after exit", async () => {
    const pty = spawn({ ...INTERACTIVE, cwd: '/usr' });
    const done = collect(pty);
    await until(() => pty.cwd() === '/usr', 'the shell to start in /usr');
    pty.write(`cd ${dir}\r`);
    await until(() => pty.cwd() === realpathSync(dir), `the shell to cd to ${dir}`);
    pty.write('exit\r');
    await done;
    expect(pty.cwd()).toBeUndefined();
  });
});

describe('killProcessGroup()', () => {
  it("kills a background job left behind in the program's group, and only that group", async () => {
    const inGroup = path.join(dir, 'in-group');
    const ownSession = path.join(dir, 'own-session');
    // Both jobs ignore the hang-up at the shell's exit (set before they fork: the kernel's SIGHUP
    // could otherwise reach a job before its own trap). Without job control the first stays in
    // the shell's process group; `setsid` takes the second out of it.
    const command =
      `trap '' HUP; (exec sleep 1000) & echo $! > ${inGroup}; ` + `(exec setsid sleep 1000) & echo $! > ${ownSession}`;
    const pty = spawn({ command });
    await collect(pty);
    const job = Number(readFileSync(inGroup, 'utf8'));
    const other = Number(readFileSync(ownSession, 'utf8'));
    try {
      await until(() => stat(other)?.pgrp === other, 'setsid to make its own group');
      expect(alive(job)).toBe(true);
      expect(stat(job)?.pgrp).toBe(pty.pid);

      pty.killProcessGroup();
      await until(() => !alive(job), 'the job left in the group to die');
      expect(alive(other)).toBe(true);
      // The group is empty now: ESRCH, swallowed.
      expect(() => pty.killProcessGroup()).not.toThrow();
    } finally {
      killQuietly(job);
      killQuietly(other);
    }
  });
});

describe("node-pty's own reader (spawnUnpatchedNodePty, for the benchmarks)", () => {
  it('tells the foreground and the cwd the same way, and neither after exit', async () => {
    const pty = spawnUnpatchedNodePty({ shell: 'sleep', args: ['30'], cwd: '/usr', env: ENV, cols: 80, rows: 24 });
    const done = collect(pty);
    await until(() => pty.foreground()?.name === 'sleep', 'sleep to be in the foreground');
    expect(pty.foreground()).toEqual({ pid: pty.pid, name: 'sleep' });
    expect(pty.cwd()).toBe('/usr');
    pty.kill('SIGKILL');
    await done;
    expect(pty.foreground()).toBeUndefined();
    expect(pty.cwd()).toBeUndefined();
    expect(() => pty.killProcessGroup()).not.toThrow();
  });
});
