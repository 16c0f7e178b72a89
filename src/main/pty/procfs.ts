/**
 * Linux only: what the kernel says about the processes on a terminal, read from /proc (proc(5)).
 * Each answer costs at most two small reads, because the session asks a few times a second per
 * visible tab (for its title).
 */
import { closeSync, openSync, readSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import type { ForegroundProcess } from './pty';

/**
 * One read is enough for what we need: /proc/<pid>/stat is a few hundred bytes, and of cmdline
 * only argv[0] matters, which is a path (PATH_MAX, 4096 bytes, counts its terminating NUL).
 */
const READ_BYTES = 4096;
/** Reused by every read (all synchronous, so never two at once). */
const buffer = Buffer.alloc(READ_BYTES);

/**
 * The first READ_BYTES of a /proc file, in one read(2): readFileSync would also fstat and read
 * again until end-of-file (a /proc file reports size 0), twice the system calls for the same
 * answer. Throws like readFileSync (ENOENT once the process is gone).
 */
function readHead(file: string): string {
  const fd = openSync(file, 'r');
  try {
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, READ_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Field 8 of /proc/<pid>/stat: `tpgid`, the foreground process group of the process's
 * controlling terminal (-1 when it has none). Field 2, `comm`, is the executable's name in
 * parentheses and may itself contain spaces and parentheses (a program named `a) 1 2 (b`), so the
 * fields after it are counted from the LAST `)`: state, ppid, pgrp, session, tty_nr, tpgid.
 */
export function parseTpgid(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const tpgid = stat
    .slice(close + 1)
    .trimStart()
    .split(' ')[5];
  if (tpgid === undefined || !/^-?\d+$/.test(tpgid)) return undefined;
  return Number(tpgid);
}

/**
 * The name a terminal shows for a process: the basename of argv[0] from /proc/<pid>/cmdline, so
 * that `/usr/bin/vim` is `vim`, without the `-` that login(1) puts before a login shell's name.
 * A zombie (or a process that blanked its arguments) has an empty cmdline: then the kernel's
 * `comm` (at most 15 bytes). Undefined if the process is gone.
 */
export function readProcessName(pid: number): string | undefined {
  let argv0: string;
  try {
    argv0 = readHead(`/proc/${pid}/cmdline`).split('\0', 1)[0] ?? '';
  } catch {
    return undefined; // ENOENT, ESRCH: the process is gone
  }
  const name = path.posix.basename(argv0).replace(/^-/, '');
  if (name !== '') return name;
  try {
    return readHead(`/proc/${pid}/comm`).replace(/\n$/, '') || undefined;
  } catch {
    return undefined; // gone between the two reads
  }
}

/**
 * The leader of the foreground process group of `pid`'s controlling terminal. For the program a
 * pty runs (a session leader), that is the shell itself when it is idle and the job it runs
 * otherwise. Undefined if `pid` is gone or a zombie (no terminal: tpgid -1), or if the group's
 * leader has exited (the group lives on in its other members, but there is no leader to name).
 */
export function readForeground(pid: number): ForegroundProcess | undefined {
  let stat: string;
  try {
    stat = readHead(`/proc/${pid}/stat`);
  } catch {
    return undefined; // the process is gone
  }
  const tpgid = parseTpgid(stat);
  if (tpgid === undefined || tpgid <= 0) return undefined;
  const name = readProcessName(tpgid);
  return name === undefined ? undefined : { pid: tpgid, name };
}

/** The current directory of `pid`, or undefined if it is gone or not ours to inspect. */
export function readCwd(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined; // ENOENT: gone; EACCES: another user's process
  }
}
