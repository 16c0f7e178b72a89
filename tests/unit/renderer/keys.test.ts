import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyChord } from '../../../src/renderer/keys';

const chord = (key: string, code: string, mods: Partial<KeyChord> = {}): KeyChord => ({
  key,
  code,
  ctrlKey: true,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('commandForKey', () => {
  it.each([
    [chord('T', 'KeyT', { shiftKey: true }), 'newTab'],
    [chord('W', 'KeyW', { shiftKey: true }), 'closeTab'],
    [chord('C', 'KeyC', { shiftKey: true }), 'copy'],
    [chord('V', 'KeyV', { shiftKey: true }), 'paste'],
    [chord('F', 'KeyF', { shiftKey: true }), 'find'],
    [chord('N', 'KeyN', { shiftKey: true }), 'newWindow'],
    [chord('Tab', 'Tab'), 'nextTab'],
    [chord('Tab', 'Tab', { shiftKey: true }), 'previousTab'],
    [chord('PageDown', 'PageDown'), 'nextTab'],
    [chord('PageUp', 'PageUp'), 'previousTab'],
    [chord('=', 'Equal'), 'zoomIn'],
    [chord('+', 'Equal', { shiftKey: true }), 'zoomIn'],
    [chord('-', 'Minus'), 'zoomOut'],
    [chord('0', 'Digit0'), 'zoomReset'],
    // By physical key: Ctrl+Shift+T on a Cyrillic layout.
    [chord('Е', 'KeyT', { shiftKey: true }), 'newTab'],
  ] as const)('%o → %s', (input, command) => {
    expect(commandForKey(input)).toBe(command);
  });

  it.each([
    chord('c', 'KeyC'), // Ctrl+C is the shell's interrupt
    chord('w', 'KeyW'), // Ctrl+W erases a word
    chord('r', 'KeyR'), // reverse search
    chord('T', 'KeyT', { shiftKey: true, altKey: true }),
    chord('T', 'KeyT', { shiftKey: true, ctrlKey: false }),
    chord('Tab', 'Tab', { metaKey: true }),
  ])('leaves %o to the terminal', (input) => {
    expect(commandForKey(input)).toBeNull();
  });
});
