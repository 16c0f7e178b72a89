/**
 * What a session's tab is called: the program in the foreground while it runs (VS Code's
 * `${process}`), the shell again when it ends, and a title the program set with OSC 0/2 while that
 * title is current — it belongs to the process that was in the foreground when it was set (as the
 * last check saw it; the session checks right before, unless titles come in a storm), and goes
 * stale when another process takes the foreground (so vim's title does not outlive vim, and a
 * shell that sets `user@host: ~` at each prompt shows it again at once). Pure logic: the session
 * feeds it the foreground checks and the titles, and sends the result.
 */

/** What a program did to the window title, as the mirror saw it (in stream order). */
export type TitleOp =
  /** OSC 0/2 set it ('' clears it). */
  | { readonly kind: 'set'; readonly title: string }
  /** CSI 23 t popped this title from the title stack. */
  | { readonly kind: 'restore'; readonly title: string }
  /** CSI 22 t pushed the current title on the stack. */
  | { readonly kind: 'push' };

export interface Foreground {
  readonly pid: number;
  readonly name: string;
}

/** xterm.js keeps 10 entries on its title stack (STACK_LIMIT); so do we, to stay in step. */
const STACK_LIMIT = 10;

export class TitleTracker {
  readonly #shell: Foreground;
  #foreground: Foreground;
  #programTitle = '';
  /** The foreground pid when the program title was set. */
  #owner: number;
  /** Whose each pushed title was (CSI 22 t), so a popped one gets its owner back. */
  readonly #stack: number[] = [];

  constructor(shell: Foreground) {
    this.#shell = shell;
    this.#foreground = shell;
    this.#owner = shell.pid;
  }

  /** The name the tab shows. */
  get title(): string {
    const current = this.#programTitle !== '' && this.#owner === this.#foreground.pid;
    return current ? this.#programTitle : this.#foreground.name;
  }

  /** The program in the foreground (the shell when idle). */
  get process(): string {
    return this.#foreground.name;
  }

  /** Something other than the shell runs in the foreground (closing the tab would end it). */
  get busy(): boolean {
    return this.#foreground.pid !== this.#shell.pid;
  }

  /** A title was set (OSC 0/2; '' clears it), by the program in the foreground as last checked. */
  setProgramTitle(title: string): void {
    this.#programTitle = title;
    this.#owner = this.#foreground.pid;
  }

  /** The title was pushed (CSI 22 t): remember whose it is. */
  pushTitle(): void {
    this.#stack.push(this.#owner);
    if (this.#stack.length > STACK_LIMIT) this.#stack.shift();
  }

  /**
   * A pushed title came back (CSI 23 t): it is its owner's again — vim restores the shell's title
   * on its way out, while it is still in the foreground itself.
   */
  restoreTitle(title: string): void {
    this.#programTitle = title;
    this.#owner = this.#stack.pop() ?? this.#foreground.pid;
  }

  /** A foreground check; undefined when it cannot tell (then the shell is assumed). */
  setForeground(foreground: Foreground | undefined): void {
    this.#foreground = foreground ?? this.#shell;
  }

  /** The program exited: no foreground any more, and a title it set is kept as the last word. */
  exited(): void {
    this.#foreground = this.#shell;
    this.#owner = this.#shell.pid;
  }
}
