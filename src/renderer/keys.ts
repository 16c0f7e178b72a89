/**
 * The keyboard shortcuts: one table, from which the key handling (the terminal's custom key
 * handler, which keeps xterm from also sending the key to the shell, and the page-level fallback)
 * and the shortcut reference (F1, and the README's table) both come, so they cannot disagree.
 *
 * In a browser tab (web mode) Chromium and Firefox keep some shortcuts for themselves and never
 * tell the page (Chromium's `BrowserCommandController::IsReservedCommandOrKey`: new/close tab and
 * window, reopen tab, switch tabs, quit). Each of those commands has a second binding that reaches
 * the page; both work everywhere, and the reference says which one a browser lets through.
 */
import type { Command } from './commands';

/** The parts of a `KeyboardEvent` the bindings look at. */
export interface KeyChord {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

interface Modifiers {
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly alt?: boolean;
}

export interface Binding {
  readonly command: Command;
  /** As the reference shows it: `Ctrl+Shift+T`. */
  readonly label: string;
  readonly matches: (chord: KeyChord) => boolean;
  /** A desktop browser keeps this key for itself: in web mode it never reaches the page. */
  readonly browserReserved?: boolean;
  /** The binding exists for web mode, where the usual one is reserved by the browser. */
  readonly forBrowsers?: boolean;
}

function mods(chord: KeyChord, want: Modifiers): boolean {
  return (
    chord.ctrlKey === (want.ctrl ?? false) &&
    chord.shiftKey === (want.shift ?? false) &&
    chord.altKey === (want.alt ?? false) &&
    !chord.metaKey
  );
}

/** Letters go by physical key (`code`), so Ctrl+Shift+T is the same key on a Cyrillic or AZERTY layout. */
function letter(letterKey: string, want: Modifiers): (chord: KeyChord) => boolean {
  return (chord) => chord.code === `Key${letterKey}` && mods(chord, want);
}

function named(key: string, want: Modifiers): (chord: KeyChord) => boolean {
  return (chord) => chord.key === key && mods(chord, want);
}

export const BINDINGS: readonly Binding[] = [
  {
    command: 'newTab',
    label: 'Ctrl+Shift+T',
    matches: letter('T', { ctrl: true, shift: true }),
    browserReserved: true,
  },
  { command: 'newTab', label: 'Alt+Shift+T', matches: letter('T', { alt: true, shift: true }), forBrowsers: true },
  {
    command: 'closeTab',
    label: 'Ctrl+Shift+W',
    matches: letter('W', { ctrl: true, shift: true }),
    browserReserved: true,
  },
  { command: 'closeTab', label: 'Alt+Shift+W', matches: letter('W', { alt: true, shift: true }), forBrowsers: true },
  {
    command: 'newWindow',
    label: 'Ctrl+Shift+N',
    matches: letter('N', { ctrl: true, shift: true }),
    browserReserved: true,
  },
  { command: 'newWindow', label: 'Alt+Shift+N', matches: letter('N', { alt: true, shift: true }), forBrowsers: true },
  { command: 'nextTab', label: 'Ctrl+Tab', matches: named('Tab', { ctrl: true }), browserReserved: true },
  { command: 'nextTab', label: 'Ctrl+PageDown', matches: named('PageDown', { ctrl: true }), browserReserved: true },
  { command: 'nextTab', label: 'Alt+PageDown', matches: named('PageDown', { alt: true }), forBrowsers: true },
  {
    command: 'previousTab',
    label: 'Ctrl+Shift+Tab',
    matches: named('Tab', { ctrl: true, shift: true }),
    browserReserved: true,
  },
  { command: 'previousTab', label: 'Ctrl+PageUp', matches: named('PageUp', { ctrl: true }), browserReserved: true },
  { command: 'previousTab', label: 'Alt+PageUp', matches: named('PageUp', { alt: true }), forBrowsers: true },
  // Plain Ctrl+C/V belong to the shell (interrupt, literal next): the terminal's are shifted.
  { command: 'copy', label: 'Ctrl+Shift+C', matches: letter('C', { ctrl: true, shift: true }) },
  { command: 'paste', label: 'Ctrl+Shift+V', matches: letter('V', { ctrl: true, shift: true }) },
  { command: 'selectAll', label: 'Ctrl+Shift+A', matches: letter('A', { ctrl: true, shift: true }) },
  { command: 'find', label: 'Ctrl+Shift+F', matches: letter('F', { ctrl: true, shift: true }) },
  // Zoom: Ctrl+= and Ctrl++ (Shift+= on most layouts), Ctrl+- and Ctrl+0, main row or keypad.
  {
    command: 'zoomIn',
    label: 'Ctrl+=',
    matches: (c) => c.ctrlKey && !c.altKey && !c.metaKey && (c.key === '=' || c.key === '+' || c.code === 'NumpadAdd'),
  },
  {
    command: 'zoomOut',
    label: 'Ctrl+-',
    matches: (c) => mods(c, { ctrl: true }) && (c.key === '-' || c.code === 'NumpadSubtract'),
  },
  {
    command: 'zoomReset',
    label: 'Ctrl+0',
    matches: (c) => mods(c, { ctrl: true }) && (c.key === '0' || c.code === 'Numpad0'),
  },
  // As in VS Code.
  { command: 'openSettings', label: 'Ctrl+,', matches: (c) => mods(c, { ctrl: true }) && c.key === ',' },
  { command: 'showShortcuts', label: 'F1', matches: named('F1', {}) },
];

/** What each command is called in the reference and the menus. */
export const COMMAND_LABELS: Readonly<Record<Command, string>> = {
  newTab: 'New tab',
  closeTab: 'Close tab',
  newWindow: 'New window',
  nextTab: 'Next tab',
  previousTab: 'Previous tab',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select all',
  clear: 'Clear',
  find: 'Find',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomReset: 'Reset zoom',
  openSettings: 'Settings',
  showShortcuts: 'Keyboard shortcuts',
};

export function commandForKey(chord: KeyChord): Command | null {
  return BINDINGS.find((binding) => binding.matches(chord))?.command ?? null;
}

/** The first key of `command` that works in this host: a browser tab skips the reserved ones. */
export function shortcutLabel(command: Command, inBrowser: boolean): string | undefined {
  return BINDINGS.find((binding) => binding.command === command && !(inBrowser && binding.browserReserved))?.label;
}
