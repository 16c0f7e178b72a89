/**
 * What a session's tab is called: the program in the foreground while it runs (VS Code's
 * `${process}`), the shell again when it ends, and a title the program set with OSC 0/2 while that
 * title is current — it belongs to the process that was in the foreground when it was set, and
 * goes stale when another process takes the foreground (so vim's title does not outlive vim, and a
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
  /** The foreground pid when the program title was set; undefined until the next check says. */
  #owner: number | undefined;

  constructor(shell: Foreground) {
    this.#shell = shell;
    this.#foreground = shell;
  }

  /** The name the tab shows. */
  get title(): string {
    const current = this.#programTitle !== '' && (this.#owner === undefined || this.#owner === this.#foreground.pid);
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

  /** A title was set (OSC 0/2; '' clears it). Its owner is whoever the next check finds. */
  setProgramTitle(title: string): void {
    this.#programTitle = title;
    this.#owner = undefined;
  }

  /** A foreground check; undefined when it cannot tell (then the shell is assumed). */
  setForeground(foreground: Foreground | undefined): void {
    this.#foreground = foreground ?? this.#shell;
    this.#owner ??= this.#foreground.pid;
  }

  /** The program exited: no foreground any more, and a title it set is kept as the last word. */
  exited(): void {
    this.#foreground = this.#shell;
    this.#owner = this.#shell.pid;
  }
}
