/**
 * Where commands come from: keys in a terminal (through xterm's custom key handler, so xterm does
 * not also send them to the shell), keys anywhere else in the page (the search box, the tab bar),
 * and Electron's menu, whose clicks the preload posts as `{ type: 'sluice:command', command }`.
 * The menu shows the shortcuts without registering them (src/main/electron/menu.ts): keys are the
 * page's alone, so a key never runs a command twice.
 */
import { readCommandMessage } from '../shared/hostApi';
import type { Command } from './commands';
import { commandForKey } from './keys';

export class Shortcuts {
  readonly #run: (command: Command) => void;

  constructor(run: (command: Command) => void) {
    this.#run = run;
    // Focus outside a terminal (the search box, a button). A terminal's command keys were handled
    // and default-prevented by its own handler before they bubble here.
    document.addEventListener('keydown', (event) => {
      if (event.defaultPrevented) return;
      // A dialog's fields (the settings editor) keep their own keys.
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      const command = commandForKey(event);
      if (!command) return;
      // In a text field (the search box) copy and paste are the field's own.
      if (
        (command === 'copy' || command === 'paste' || command === 'selectAll') &&
        (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)
      )
        return;
      event.preventDefault();
      this.#run(command);
    });
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      // Only the page's own window (the preload posts from its isolated world) — no other frame.
      if (event.source !== window) return;
      const command = readCommandMessage(event.data);
      if (command) this.#run(command);
    });
  }

  /** For `attachCustomKeyEventHandler`: false (xterm ignores the key) for every command key. */
  readonly terminalKeyHandler = (event: KeyboardEvent): boolean => {
    const command = commandForKey(event);
    if (!command) return true;
    // keyup and keypress of a command key are swallowed too; the command runs on keydown only.
    if (event.type === 'keydown') {
      // Also stops the browser's own action: Ctrl+Shift+V's native paste (xterm would paste a
      // second time), Ctrl+= zooming the page, Ctrl+Shift+T reopening a closed browser tab.
      event.preventDefault();
      this.#run(command);
    }
    return false;
  };
}
