/**
 * Pre-flight checks for `spawnPty`. node-pty cannot report a missing shell or cwd: `forkpty()`
 * succeeds, the child's `chdir()`/`execvp()` fails, and all the parent sees is an exit with
 * code 1. So we check in the parent, synchronously, and throw an error that names the problem.
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';

/**
 * What glibc's `execvp()` searches when the environment has no PATH (`confstr(_CS_PATH)`), so
 * that our check and the child's exec look in the same places.
 */
const EXECVP_DEFAULT_PATH = '/bin:/usr/bin';

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    // ENOENT, ENOTDIR, EACCES on a path component, ELOOP...: for us all mean "not usable".
    return undefined;
  }
}

function isExecutableFile(file: string): boolean {
  if (statOrUndefined(file)?.isFile() !== true) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Throws `no such directory: <cwd>` unless `cwd` is an existing directory. */
export function checkCwd(cwd: string): void {
  if (statOrUndefined(cwd)?.isDirectory() !== true) {
    throw new Error(`no such directory: ${cwd}`);
  }
}

/**
 * Resolves `shell` the way the child's `execvp()` will: a name with a slash is a path (relative
 * to `cwd`, where the child runs), a bare name is searched in the child's PATH. Returns the
 * absolute path of the executable; throws `no such shell: <shell>` if there is none.
 */
export function resolveShell(shell: string, env: Readonly<Record<string, string>>, cwd: string): string {
  if (shell.includes('/')) {
    const file = path.resolve(cwd, shell);
    if (isExecutableFile(file)) return file;
    const reason = statOrUndefined(file) === undefined ? '' : ' (not an executable file)';
    throw new Error(`no such shell: ${shell}${reason}`);
  }
  if (shell !== '') {
    for (const dir of (env['PATH'] ?? EXECVP_DEFAULT_PATH).split(':')) {
      // An empty PATH entry means the current directory, which for the child is `cwd`.
      const file = path.resolve(cwd, dir, shell);
      if (isExecutableFile(file)) return file;
    }
  }
  throw new Error(`no such shell: ${shell}`);
}
