/**
 * The keyboard shortcuts: a pure mapping from a key event to a command, so the terminal's custom
 * key handler (which keeps xterm from also sending the key to the shell) and the page-level
 * fallback (focus in the search box or the tab bar) agree on every binding.
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

/**
 * Letter bindings go by physical key (`code`), so Ctrl+Shift+T is the same key on a Cyrillic or
 * an AZERTY layout, as in VS Code and GNOME Terminal.
 */
const CTRL_SHIFT_LETTERS: Readonly<Record<string, Command>> = {
  KeyT: 'newTab',
  KeyW: 'closeTab',
  KeyC: 'copy',
  KeyV: 'paste',
  KeyF: 'find',
  KeyN: 'newWindow',
};

export function commandForKey(chord: KeyChord): Command | null {
  if (!chord.ctrlKey || chord.altKey || chord.metaKey) return null;
  if (chord.key === 'Tab') return chord.shiftKey ? 'previousTab' : 'nextTab';
  if (chord.key === 'PageDown' && !chord.shiftKey) return 'nextTab';
  if (chord.key === 'PageUp' && !chord.shiftKey) return 'previousTab';
  if (chord.shiftKey) {
    const letter = CTRL_SHIFT_LETTERS[chord.code];
    if (letter) return letter;
  }
  // Zoom: Ctrl+= and Ctrl++ (Shift+= on most layouts), Ctrl+- and Ctrl+0, main row or keypad.
  if (chord.key === '=' || chord.key === '+' || chord.code === 'NumpadAdd') return 'zoomIn';
  if ((chord.key === '-' && !chord.shiftKey) || chord.code === 'NumpadSubtract') return 'zoomOut';
  if ((chord.key === '0' && !chord.shiftKey) || chord.code === 'Numpad0') return 'zoomReset';
  return null;
}
