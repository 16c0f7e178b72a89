/**
 * Closing a window whose tabs run a program asks first, naming the programs, as GNOME Terminal
 * does; a window of idle shells closes at once. The page reports which sessions it shows
 * (`setWindowSessions`); at close time main asks the service which of them run something other
 * than their shell and would end with this window (no other window watches them). Electron objects
 * come in as parameters, so this is tested with stand-ins.
 */
import type { SessionInfo } from '../../shared/protocol';
import type { Preventable } from './windowPolicy';

/** The parts of a `BrowserWindow` the guard uses. */
export interface GuardedWindow {
  on(event: 'close', listener: (event: Preventable) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
}

export interface CloseGuardOptions {
  /** The sessions the window's page last reported, in tab order. */
  sessions(): readonly number[];
  /** `service.list(true)`: a fresh look at every session, hidden or not. */
  list(): readonly SessionInfo[];
  /** The `confirmBeforeClose` setting, read at close time. */
  confirm(): boolean;
  /** Shows the question; resolves true to close anyway. */
  ask(programs: readonly string[]): Promise<boolean>;
}

/**
 * The programs that closing a window showing `sessions` would end: running, not the shell, and
 * watched by no other window (a session another window shows lives on there).
 */
export function programsEndedByClosing(sessions: readonly number[], list: readonly SessionInfo[]): string[] {
  const mine = new Set(sessions);
  return list
    .filter((info) => mine.has(info.session) && info.busy && info.exited === null && info.subscribers <= 1)
    .map((info) => info.process);
}

/** The question's text: "“vim” is still running." or "“vim” and 2 other programs are still running." */
export function closeQuestion(programs: readonly string[]): string {
  const [first] = programs;
  if (programs.length === 1) return `“${first}” is still running in this window. Closing the window ends it.`;
  return `“${first}” and ${programs.length - 1} other program${programs.length > 2 ? 's' : ''} are still running in this window. Closing the window ends them.`;
}

export function guardWindowClose(window: GuardedWindow, options: CloseGuardOptions): void {
  let allowed = false;
  let asking = false;
  window.on('close', (event) => {
    if (allowed || !options.confirm()) return;
    const programs = programsEndedByClosing(options.sessions(), options.list());
    if (programs.length === 0) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    options.ask(programs).then(
      (close) => {
        asking = false;
        if (!close || window.isDestroyed()) return;
        allowed = true;
        window.close();
      },
      () => {
        // The dialog failed to show: keep the window (and its programs) rather than guess.
        asking = false;
      },
    );
  });
}
