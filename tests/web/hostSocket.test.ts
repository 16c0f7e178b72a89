/**
 * Web mode's host socket: settings on connect and on every change, saves answered by id, the
 * colour scheme passed on, and anything invalid answered with an error that changes nothing.
 */
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { hostSocketHandler } from '../../src/main/web/hostSocket';
import { Emitter } from '../../src/shared/event';
import type { SettingsSaveRequest, SettingsState } from '../../src/shared/settings/settingsMessages';
import { DEFAULT_SETTINGS } from '../../src/shared/settings/settingsSchema';

class FakeSocket extends EventEmitter {
  readonly readyState = 1; // OPEN
  readonly sent: unknown[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
}

function setup() {
  const changes = new Emitter<SettingsState>();
  const state: SettingsState = {
    settings: DEFAULT_SETTINGS,
    path: '/c/settings.json',
    text: null,
    problems: [],
    revision: 0,
  };
  const saves: SettingsSaveRequest[] = [];
  const schemes: boolean[] = [];
  const handler = hostSocketHandler({
    settings: {
      state,
      onDidChange: changes.event,
      save: async (request) => {
        saves.push(request);
        return request.kind === 'set' ? { ok: true } : { ok: false, message: 'stale', problems: [] };
      },
    },
    colorScheme: (dark) => schemes.push(dark),
  });
  const socket = new FakeSocket();
  handler(socket as unknown as WebSocket);
  return { socket, changes, state, saves, schemes };
}

describe('host socket', () => {
  it('sends the settings on connect and on every change, until the socket closes', () => {
    const { socket, changes, state } = setup();
    expect(socket.sent).toEqual([{ type: 'settings', state }]);
    const next = { ...state, revision: 1 };
    changes.fire(next);
    socket.emit('close');
    changes.fire({ ...state, revision: 2 });
    expect(socket.sent).toEqual([
      { type: 'settings', state },
      { type: 'settings', state: next },
    ]);
  });

  it('answers saves by id and passes the colour scheme on', async () => {
    const { socket, saves, schemes } = setup();
    socket.emit(
      'message',
      Buffer.from(JSON.stringify({ type: 'saveSettings', id: 7, request: { kind: 'set', changes: { fontSize: 16 } } })),
      false,
    );
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'colorScheme', dark: false })), false);
    await expect.poll(() => socket.sent.length).toBe(2);
    expect(socket.sent[1]).toEqual({ type: 'saved', id: 7, result: { ok: true } });
    expect(saves).toEqual([{ kind: 'set', changes: { fontSize: 16 } }]);
    expect(schemes).toEqual([false]);
  });

  it.each([
    ['not JSON', Buffer.from('{nope'), false],
    ['a binary frame', Buffer.from('{}'), true],
    ['an unknown type', Buffer.from(JSON.stringify({ type: 'format' })), false],
    [
      'an unknown setting',
      Buffer.from(JSON.stringify({ type: 'saveSettings', id: 1, request: { kind: 'set', changes: { x: 1 } } })),
      false,
    ],
    ['a colour scheme that is not a boolean', Buffer.from(JSON.stringify({ type: 'colorScheme', dark: 'yes' })), false],
  ])('refuses %s with an error, changing nothing', (_name, data, binary) => {
    const { socket, saves, schemes } = setup();
    socket.emit('message', data, binary);
    expect(socket.sent[1]).toMatchObject({ type: 'error', message: expect.stringContaining('invalid message') });
    expect([saves, schemes]).toEqual([[], []]);
  });
});
