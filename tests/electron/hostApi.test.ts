import { describe, expect, it } from 'vitest';
import {
  HOST_COMMANDS,
  isHostCommand,
  isNonce,
  isPortMessageFor,
  readCommandMessage,
  readSettingsMessage,
} from '../../src/shared/hostApi';
import { NONCE } from './fakes';

describe('host API guards', () => {
  it('knows exactly the menu commands', () => {
    expect(HOST_COMMANDS).toEqual([
      'newTab',
      'closeTab',
      'nextTab',
      'previousTab',
      'copy',
      'paste',
      'find',
      'zoomIn',
      'zoomOut',
      'zoomReset',
      'selectAll',
      'clear',
      'openSettings',
      'showShortcuts',
    ]);
    expect(isHostCommand('find')).toBe(true);
    for (const value of ['reload', 'newWindow', '', 'NEWTAB', 1, null, undefined, {}])
      expect(isHostCommand(value)).toBe(false);
  });

  it('reads a settings message and nothing else', () => {
    expect(readSettingsMessage({ type: 'sluice:settings', state: { x: 1 } })).toEqual({ state: { x: 1 } });
    for (const value of [{ type: 'sluice:command', command: 'find' }, { type: 'sluice:settings' }, null, 'x'])
      expect(readSettingsMessage(value)).toBeUndefined();
  });

  it('accepts crypto.randomUUID() nonces and nothing loose', () => {
    expect(isNonce(crypto.randomUUID())).toBe(true);
    for (const value of ['short', 'a'.repeat(129), 'spaces are not allowed here', 42, null])
      expect(isNonce(value)).toBe(false);
  });

  it('matches the port message of one request only', () => {
    expect(isPortMessageFor({ type: 'sluice:port', nonce: NONCE }, NONCE)).toBe(true);
    expect(isPortMessageFor({ type: 'sluice:port', nonce: crypto.randomUUID() }, NONCE)).toBe(false);
    expect(isPortMessageFor({ type: 'sluice:command', nonce: NONCE }, NONCE)).toBe(false);
    expect(isPortMessageFor('sluice:port', NONCE)).toBe(false);
    expect(isPortMessageFor(null, NONCE)).toBe(false);
  });

  it('reads command messages and ignores everything else', () => {
    expect(readCommandMessage({ type: 'sluice:command', command: 'zoomIn' })).toBe('zoomIn');
    expect(readCommandMessage({ type: 'sluice:command', command: 'rm -rf' })).toBeUndefined();
    expect(readCommandMessage({ type: 'sluice:port', command: 'zoomIn' })).toBeUndefined();
    expect(readCommandMessage('zoomIn')).toBeUndefined();
  });
});
