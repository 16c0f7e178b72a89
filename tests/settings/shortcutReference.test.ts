/**
 * The README's shortcut table and the app's bindings (src/renderer/keys.ts, which the in-app
 * reference is drawn from) name the same keys: a binding added to one and not the other fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINDINGS, commandForKey, type KeyChord } from '../../src/renderer/keys';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const table = README.slice(README.indexOf('## Keyboard shortcuts'), README.indexOf('## Web mode'));

function chord(key: string, code: string, mods: Partial<KeyChord> = {}): KeyChord {
  return { key, code, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods };
}

describe('the shortcut reference', () => {
  it('lists every binding in the README', () => {
    for (const binding of BINDINGS) expect(table, binding.label).toContain(binding.label);
  });

  it('gives each browser-reserved command a binding a browser lets through', () => {
    const reserved = new Set(BINDINGS.filter((b) => b.browserReserved).map((b) => b.command));
    for (const command of reserved) {
      expect(
        BINDINGS.some((b) => b.command === command && !b.browserReserved),
        command,
      ).toBe(true);
    }
  });

  it.each([
    [chord('T', 'KeyT', { ctrlKey: true, shiftKey: true }), 'newTab'],
    [chord('T', 'KeyT', { altKey: true, shiftKey: true }), 'newTab'],
    [chord('PageUp', 'PageUp', { altKey: true }), 'previousTab'],
    [chord(',', 'Comma', { ctrlKey: true }), 'openSettings'],
    [chord('F1', 'F1'), 'showShortcuts'],
    [chord('+', 'Equal', { ctrlKey: true, shiftKey: true }), 'zoomIn'],
    // Plain Ctrl+C and Alt+letters without Shift stay the shell's.
    [chord('c', 'KeyC', { ctrlKey: true }), null],
    [chord('t', 'KeyT', { altKey: true }), null],
  ] as const)('%j runs %s', (key, command) => {
    expect(commandForKey(key)).toBe(command);
  });
});
