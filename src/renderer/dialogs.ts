/**
 * Modal dialogs, on the platform's `<dialog>`: `showModal()` makes the rest of the page inert,
 * traps focus and closes on Escape, in Chromium, Electron and Firefox alike.
 */
import { el } from './dom';
import { BINDINGS, COMMAND_LABELS } from './keys';
import type { Command } from './commands';

export interface ConfirmOptions {
  readonly title: string;
  readonly message: string;
  /** The button that goes ahead, e.g. "Close tab". */
  readonly confirm: string;
  readonly testId: string;
}

/** Asks; resolves true for the confirm button, false for Cancel, Escape or a click outside. */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  const dialog = el('dialog', {
    className: 'dialog confirm-dialog',
    testId: options.testId,
    attrs: { 'aria-label': options.title },
  });
  const cancel = el('button', {
    className: 'dialog-button',
    testId: 'dialog-cancel',
    text: 'Cancel',
    attrs: { type: 'button' },
  });
  const confirm = el('button', {
    className: 'dialog-button danger',
    testId: 'dialog-confirm',
    text: options.confirm,
    attrs: { type: 'button' },
  });
  dialog.append(
    el('h2', { className: 'dialog-title', text: options.title }),
    el('p', { className: 'dialog-message', testId: 'dialog-message', text: options.message }),
    el('div', { className: 'dialog-buttons' }, [cancel, confirm]),
  );
  document.body.append(dialog);
  return new Promise<boolean>((resolve) => {
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    // A click on the backdrop (the dialog element itself, outside its content) is a cancel.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    // Cancel has the focus: Enter on a dialog that popped up mid-typing must not end a program.
    cancel.focus();
  });
}

/** Groups of the shortcut reference, in the order it lists them. */
const GROUPS: ReadonlyArray<readonly [string, readonly Command[]]> = [
  ['Tabs and windows', ['newTab', 'closeTab', 'nextTab', 'previousTab', 'newWindow']],
  ['Edit', ['copy', 'paste', 'selectAll', 'find']],
  ['View', ['zoomIn', 'zoomOut', 'zoomReset']],
  ['Sluice', ['openSettings', 'showShortcuts']],
];

/** The keyboard-shortcut reference (F1). In a browser tab it marks what the browser keeps. */
export function showShortcuts(options: { readonly inBrowser: boolean; readonly onClose: () => void }): void {
  const dialog = el('dialog', {
    className: 'dialog shortcuts-dialog',
    testId: 'shortcuts',
    attrs: { 'aria-label': 'Keyboard shortcuts' },
  });
  const rows: HTMLElement[] = [];
  for (const [group, commands] of GROUPS) {
    rows.push(el('tr', { className: 'shortcut-group' }, [el('th', { text: group, attrs: { colspan: '2' } })]));
    for (const command of commands) {
      const keys = el('td', { className: 'shortcut-keys' });
      for (const binding of BINDINGS.filter((candidate) => candidate.command === command)) {
        const reserved = options.inBrowser && binding.browserReserved === true;
        const title = reserved
          ? 'Your browser keeps this key for itself in a tab; use the other one'
          : binding.forBrowsers
            ? 'Works in a browser tab, where the browser keeps the usual key'
            : '';
        keys.append(
          el('kbd', {
            className: reserved ? 'reserved' : binding.forBrowsers ? 'for-browsers' : '',
            text: binding.label,
            attrs: title ? { title } : {},
          }),
        );
      }
      rows.push(el('tr', { testId: `shortcut-${command}` }, [el('td', { text: COMMAND_LABELS[command] }), keys]));
    }
  }
  const note = options.inBrowser
    ? 'In a browser tab, the browser keeps the keys shown struck through and never passes them to the page: ' +
      'use the Alt+Shift and Alt+Page keys beside them. In the desktop app every key works.'
    : 'The Alt+Shift and Alt+Page keys are for web mode, where a browser keeps the usual ones; they work here too.';
  const close = el('button', { className: 'dialog-button', text: 'Close', attrs: { type: 'button' } });
  close.addEventListener('click', () => dialog.close());
  dialog.append(
    el('h2', { className: 'dialog-title', text: 'Keyboard shortcuts' }),
    el('table', { className: 'shortcut-table' }, [el('tbody', {}, rows)]),
    el('p', { className: 'dialog-note', testId: 'shortcuts-note', text: note }),
    el('div', { className: 'dialog-buttons' }, [close]),
  );
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    options.onClose();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
