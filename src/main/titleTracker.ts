/**
 * What a session's tab is called: the program in the foreground while it runs (VS Code's
 * `${process}`), the shell again when it ends, and a title the program set with OSC 0/2 while that
 * title is current — it belongs to the process that was in the foreground when it was set (as the
 * last check saw it; the session checks right before, unless titles come in a storm), and goes
 * stale when another process takes the foreground (so vim's title does not outlive vim, and a
 * shell that sets `user@host: ~` at each prompt shows it again at once). Pure logic: the session
 * feeds it the foreground checks and the titles, and sends the result.
 */

export interface Foreground {
  readonly pid: number;
  readonly name: string;
}

export class TitleTracker {
  readonly #shell: Foreground;
  #foreground: Foreground;
  #programTitle = '';
  /** The foreground pid when the program title was set. */
  #owner: number;

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
