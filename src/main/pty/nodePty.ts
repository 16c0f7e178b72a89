/**
 * The only file that loads node-pty, and where each platform gets its PTY backend
 * (`choosePtyBackend`; docs/pty-exit-loss.md, "Platforms"):
 *
 * - Linux and macOS: we use node-pty for what it does well — forkpty() (macOS: its spawn-helper)
 *   with a clean signal mask, waitpid() on a thread, TIOCSWINSZ, the foreground process name — but
 *   read (and write) the master fd ourselves, because node-pty's reader drops the end of the output
 *   of a program that exits right after writing (microsoft/node-pty #72, #85, #140, #726; see
 *   ptyProcess.ts). That means calling node-pty's native binding (`require('node-pty').native`,
 *   exported on purpose but documented as "not public API"). It is guarded: an unaudited node-pty
 *   version, a changed binding shape or a blocking master fd throws at spawn time instead of
 *   quietly losing data.
 * - Windows: node-pty's own `spawn` (ConPTY) and its data path, adapted in conptyPty.ts. node-pty
 *   exports no native binding there, and ConPTY has no master fd to read.
 */
import { closeSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as NodePty from 'node-pty';
import { Emitter } from '../../shared/event';
import { spawnConpty } from './conptyPty';
import { readCwd, readForeground } from './procfs';
import { killProcessGroup } from './processGroup';
import type { ForegroundProcess, Pty, PtyExit, PtySpawnOptions } from './pty';
import { PtyProcess } from './ptyProcess';
import type { PtyMaster } from './ptyProcess';
import { checkCwd, resolveShell } from './spawnChecks';

/**
 * The node-pty versions whose native `fork` contract (argument list, O_NONBLOCK master, exit
 * callback after waitpid) and Windows data path (exit from the output socket's 'close', the 1 s
 * flush after exit) this folder was checked against. Anything else: re-read
 * node_modules/node-pty/src/unix/pty.cc (PtyFork, SetupExitCallback), lib/unixTerminal.js,
 * lib/windowsTerminal.js and lib/windowsPtyAgent.js.
 */
const AUDITED_NODE_PTY_VERSION = /^1\.1\./;

/** O_NONBLOCK in the octal `flags:` line of /proc/self/fdinfo (Linux, all architectures we ship). */
const O_NONBLOCK = 0o4000;

interface ForkResult {
  readonly fd: number;
  readonly pid: number;
  readonly pty: string;
}

/** The subset of node-pty's native binding we use (node-pty/src/unix/pty.cc). */
interface NativePty {
  fork(
    file: string,
    args: string[],
    env: string[],
    cwd: string,
    cols: number,
    rows: number,
    uid: number,
    gid: number,
    utf8: boolean,
    helperPath: string,
    onExit: (exitCode: number, signal: number) => void,
  ): ForkResult;
  resize(fd: number, cols: number, rows: number): void;
  /** Linux: (fd, ptsName); macOS: (fd). */
  process(fd: number, ptsName?: string): string | undefined;
}

/** How a platform's terminals are read: see the file comment. */
export type PtyBackend = 'master-reader' | 'conpty';

/** Where `spawnPty` runs. Tests inject another platform and a stand-in for node-pty. */
export interface PtyHost {
  readonly platform: NodeJS.Platform;
  /** node-pty's module; by default the installed one, version-checked. */
  readonly nodePty?: typeof NodePty;
}

/**
 * The backend for `platform`. Others (FreeBSD, AIX, ...) are refused rather than guessed at: our
 * reader's end-of-output rules were checked for Linux and macOS only, and node-pty ships native
 * builds for Linux, macOS and Windows only.
 */
export function choosePtyBackend(platform: NodeJS.Platform): PtyBackend {
  switch (platform) {
    case 'linux':
    case 'darwin':
      return 'master-reader';
    case 'win32':
      return 'conpty';
    default:
      throw new Error(`Sluice's PTY layer supports Linux, macOS and Windows, not ${platform}`);
  }
}

let loaded: typeof NodePty | undefined;

/** Loads the installed node-pty on first use (importing this file has no side effects). */
function loadNodePty(): typeof NodePty {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(readFileSync(nodePtyPackageJson(), 'utf8')) as { version?: unknown };
  if (typeof version !== 'string' || !AUDITED_NODE_PTY_VERSION.test(version)) {
    throw new Error(
      `node-pty ${String(version)} has not been audited for src/main/pty/ ` +
        `(expected ${AUDITED_NODE_PTY_VERSION.source}): re-check its native fork contract and Windows data path`,
    );
  }
  loaded = require('node-pty') as typeof NodePty;
  return loaded;
}

function nodePtyPackageJson(): string {
  return createRequire(import.meta.url).resolve('node-pty/package.json');
}

function isNativePty(value: unknown): value is NativePty {
  if (typeof value !== 'object' || value === null) return false;
  const { fork, resize, process: proc } = value as Record<string, unknown>;
  return typeof fork === 'function' && typeof resize === 'function' && typeof proc === 'function';
}

/** node-pty's native binding: exported (outside its typings) everywhere but on Windows. */
function nativeBinding(nodePty: typeof NodePty): NativePty {
  const native: unknown = (nodePty as unknown as { native?: unknown }).native;
  if (!isNativePty(native)) {
    throw new Error('node-pty no longer exports its native binding (fork/resize/process)');
  }
  return native;
}

/**
 * macOS only: node-pty spawns through its `spawn-helper` binary, which lives next to pty.node
 * (where node-pty's own lib/unixTerminal.js looks for it). Unused on Linux.
 */
function findHelperPath(platform: NodeJS.Platform): string {
  if (platform !== 'darwin') return '';
  const packageDir = path.dirname(nodePtyPackageJson());
  const dirs = ['build/Release', 'build/Debug', `prebuilds/${platform}-${process.arch}`];
  const dir = dirs.find((d) => existsSync(path.join(packageDir, d, 'pty.node'))) ?? 'build/Release';
  return path
    .join(packageDir, dir, 'spawn-helper')
    .replace('app.asar', 'app.asar.unpacked')
    .replace('node_modules.asar', 'node_modules.asar.unpacked');
}

/** Our reads rely on a non-blocking master (EAGAIN instead of a hang); check it where we can. */
function assertNonBlocking(fd: number): void {
  let info: string;
  try {
    info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  } catch {
    return; // no procfs (macOS): node-pty sets O_NONBLOCK there too (pty_nonblock)
  }
  const flags = /^flags:\s*([0-7]+)$/m.exec(info)?.[1];
  if (flags === undefined || (Number.parseInt(flags, 8) & O_NONBLOCK) === 0) {
    throw new Error(`node-pty returned a blocking pty master (fdinfo flags ${String(flags)})`);
  }
}

function isForkResult(value: unknown): value is ForkResult {
  if (typeof value !== 'object' || value === null) return false;
  const { fd, pid, pty } = value as Record<string, unknown>;
  return typeof fd === 'number' && typeof pid === 'number' && typeof pty === 'string';
}

/** What a platform can tell about the program on a terminal (see `Pty.foreground`, `Pty.cwd`). */
interface ProcessInspector {
  foreground(pid: number): ForegroundProcess | undefined;
  cwd(pid: number): string | undefined;
}

function processInspector(platform: NodeJS.Platform): ProcessInspector {
  if (platform === 'linux') return { foreground: readForeground, cwd: readCwd };
  // macOS has no /proc. tcgetpgrp() and proc_pidinfo() would need native code of our own:
  // node-pty's native `process` gives the foreground's name but not its pid (`Pty.process`).
  return { foreground: () => undefined, cwd: () => undefined };
}

/**
 * Starts `options.shell` on a new pseudo-terminal, with the backend of `host.platform`. Throws
 * synchronously, with a message naming the problem, if the shell cannot be found / is not
 * executable or the cwd is not a directory.
 */
export function spawnPty(options: PtySpawnOptions, host: PtyHost = { platform: process.platform }): Pty {
  const backend = choosePtyBackend(host.platform);
  if (backend === 'conpty') return spawnConpty(options, host.nodePty ?? loadNodePty());
  return spawnMasterReader(options, host.platform, host.nodePty ?? loadNodePty());
}

function spawnMasterReader(options: PtySpawnOptions, platform: NodeJS.Platform, nodePty: typeof NodePty): Pty {
  const { shell, cwd } = options;
  checkCwd(cwd);
  resolveShell(shell, options.env, cwd);
  const native = nativeBinding(nodePty);
  const helperPath = findHelperPath(platform);
  const inspector = processInspector(platform);
  // As node-pty's spawn does: $PWD is what shells print as the logical cwd; an inherited one
  // would name the parent's directory.
  const env = Object.entries({ ...options.env, PWD: cwd }).map(([key, value]) => `${key}=${value}`);

  return new PtyProcess((onExit): PtyMaster => {
    // The name as given becomes argv[0] (as with node-pty), and execvp() in the child resolves it
    // through the same PATH that resolveShell() just checked.
    const forked: unknown = native.fork(
      shell,
      [...options.args],
      env,
      cwd,
      options.cols,
      options.rows,
      -1, // uid: unchanged
      -1, // gid: unchanged
      true, // IUTF8: in canonical mode the line discipline erases whole UTF-8 characters
      helperPath,
      onExit,
    );
    if (!isForkResult(forked)) throw new Error('node-pty native fork returned an unexpected value');
    try {
      assertNonBlocking(forked.fd);
    } catch (error) {
      process.kill(forked.pid, 'SIGKILL');
      closeSync(forked.fd);
      throw error;
    }
    return {
      fd: forked.fd,
      pid: forked.pid,
      resize: (cols, rows) => native.resize(forked.fd, cols, rows),
      foregroundProcess: () =>
        platform === 'darwin' ? native.process(forked.fd) : native.process(forked.fd, forked.pty),
      foreground: () => inspector.foreground(forked.pid),
      cwd: () => inspector.cwd(forked.pid),
    };
  }, shell);
}

/**
 * node-pty's own `spawn`, behind the same interface, with its reader and its exit handling
 * untouched. For measurements only (bench/exitIntegrity.ts shows its losses next to ours): it
 * loses the end of the output of fast-exiting programs, and its pause() is not immediate.
 * Unix only (on Windows `spawnPty` already is node-pty's own data path).
 */
export function spawnUnpatchedNodePty(options: PtySpawnOptions): Pty {
  checkCwd(options.cwd);
  resolveShell(options.shell, options.env, options.cwd);
  const term = loadNodePty().spawn(options.shell, [...options.args], {
    name: options.env['TERM'] ?? 'xterm',
    cols: options.cols,
    rows: options.rows,
    cwd: options.cwd,
    env: { ...options.env },
  });
  const inspector = processInspector(process.platform);
  const onData = new Emitter<string>();
  const onExit = new Emitter<PtyExit>();
  let exited = false;
  term.onData((data) => onData.fire(data));
  term.onExit(({ exitCode, signal }) => {
    exited = true;
    onExit.fire({ exitCode, signal: signal ? signal : null });
  });
  return {
    pid: term.pid,
    get process() {
      return term.process;
    },
    foreground: () => (exited ? undefined : inspector.foreground(term.pid)),
    cwd: () => (exited ? undefined : inspector.cwd(term.pid)),
    killProcessGroup: () => killProcessGroup(term.pid),
    onData: onData.event,
    onExit: onExit.event,
    write: (data) => term.write(data),
    resize: (cols, rows) => term.resize(cols, rows),
    pause: () => term.pause(),
    resume: () => term.resume(),
    kill: (signal) => term.kill(signal),
  };
}
