/** Signalling a pty program's process group (POSIX only). */
import { errnoCode } from './errno';

/**
 * SIGKILLs every process left in the process group `pgid`. A pty's program is a session leader
 * (forkpty and node-pty's spawn-helper call setsid), so its group id is its pid, and a job it
 * started without job control (`bash -c 'cmd &'`, a pipeline stage) stays in that group. Jobs
 * that an interactive shell moved to groups of their own are not reached: the kernel's hang-up of
 * the terminal (SIGHUP to the foreground group) and the shell's own SIGHUP on exit are theirs.
 *
 * Safe after the program has exited: Linux does not hand out a pid again while a process group
 * with that id still has a member, so while anything of ours is left, the signal reaches only
 * that. Once the group is empty the id can be reused after a pid wrap-around, so call this at
 * exit, not much later.
 */
export function killProcessGroup(pgid: number): void {
  // kill(0) would signal our own group and kill(-1) every process we may signal: never.
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch (error) {
    const code = errnoCode(error);
    // ESRCH: the group is already empty, the common case. EPERM: the id now names another
    // user's group (reused after ours emptied): nothing of ours is in it.
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
  }
}
