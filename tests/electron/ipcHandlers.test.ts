import { describe, expect, it } from 'vitest';
import { IpcChannel } from '../../src/shared/hostApi';
import { createIpcHandlers } from '../../src/main/desktop/ipcHandlers';
import { OpenExternalSchema, OpenWindowSchema, RequestPortSchema } from '../../src/main/desktop/ipcSchemas';
import { PortBroker, watchPageLifecycle } from '../../src/main/desktop/portBroker';
import { RefusedError } from '../../src/main/desktop/trustedSender';
import { DEFAULT_SETTINGS } from '../../src/shared/settings/settingsSchema';
import type { SettingsSaveRequest, SettingsState } from '../../src/shared/settings/settingsMessages';
import { FakeContents, FakeFrame, FakeService, type FakePort, fakeChannel, NONCE, PAGE } from './fakes';

describe('payload validators', () => {
  const cases: Array<[string, { safeParse(value: unknown): { success: boolean } }, unknown, boolean]> = [
    ['port: a UUID nonce', RequestPortSchema, { nonce: NONCE }, true],
    ['port: no nonce', RequestPortSchema, {}, false],
    ['port: a short nonce', RequestPortSchema, { nonce: 'abc' }, false],
    ['port: a nonce with markup', RequestPortSchema, { nonce: '<script>alert(1)</script>-xxxxxxxx' }, false],
    ['port: a huge nonce', RequestPortSchema, { nonce: 'a'.repeat(129) }, false],
    ['port: a number', RequestPortSchema, { nonce: 1234567890123456 }, false],
    ['port: an extra field', RequestPortSchema, { nonce: NONCE, channel: 'x' }, false],
    ['port: not an object', RequestPortSchema, NONCE, false],
    ['window: empty', OpenWindowSchema, {}, true],
    ['window: a session', OpenWindowSchema, { session: 3 }, true],
    ['window: session 0', OpenWindowSchema, { session: 0 }, false],
    ['window: a negative session', OpenWindowSchema, { session: -1 }, false],
    ['window: a fractional session', OpenWindowSchema, { session: 1.5 }, false],
    ['window: a string session', OpenWindowSchema, { session: '3' }, false],
    ['window: NaN', OpenWindowSchema, { session: Number.NaN }, false],
    ['window: Infinity', OpenWindowSchema, { session: Number.POSITIVE_INFINITY }, false],
    ['window: beyond the session id range', OpenWindowSchema, { session: 2 ** 31 }, false],
    ['window: an extra field', OpenWindowSchema, { session: 3, url: 'https://evil.example/' }, false],
    ['window: null', OpenWindowSchema, null, false],
    ['external: https', OpenExternalSchema, { url: 'https://example.com/' }, true],
    ['external: http', OpenExternalSchema, { url: 'http://example.com/' }, true],
    ['external: javascript:', OpenExternalSchema, { url: 'javascript:alert(1)' }, false],
    ['external: file:', OpenExternalSchema, { url: 'file:///etc/passwd' }, false],
    ['external: data:', OpenExternalSchema, { url: 'data:text/html,x' }, false],
    ['external: not a URL', OpenExternalSchema, { url: 'example.com' }, false],
    ['external: too long', OpenExternalSchema, { url: `https://example.com/${'a'.repeat(9000)}` }, false],
    ['external: not a string', OpenExternalSchema, { url: ['https://example.com/'] }, false],
  ];
  for (const [name, schema, payload, ok] of cases) {
    it(`${ok ? 'accepts' : 'rejects'} ${name}`, () => expect(schema.safeParse(payload).success).toBe(ok));
  }
});

function setup() {
  const service = new FakeService();
  const broker = new PortBroker<FakePort>({
    createChannel: fakeChannel,
    connect: service.connect,
    isOurPage: (url) => url.split('#')[0] === PAGE,
  });
  const contents = new FakeContents();
  watchPageLifecycle(contents, broker);
  const windows: Array<{ attach?: number }> = [];
  const external: string[] = [];
  const saves: SettingsSaveRequest[] = [];
  const schemes: boolean[] = [];
  const sessions = new Map<number, readonly number[]>();
  const state: SettingsState = {
    settings: DEFAULT_SETTINGS,
    path: '/c/settings.json',
    text: '{}',
    problems: [],
    revision: 3,
  };
  const handlers = createIpcHandlers({
    broker,
    openWindow: (options) => windows.push(options),
    openExternal: async (url) => {
      external.push(url);
    },
    settings: {
      state,
      save: async (request) => {
        saves.push(request);
        return { ok: true };
      },
    },
    colorScheme: (dark) => schemes.push(dark),
    windowSessions: (id, list) => sessions.set(id, list),
  });
  return { service, contents, handlers, windows, external, saves, schemes, sessions, state };
}

describe('IPC handlers', () => {
  it('grant a port for a valid request from our page', async () => {
    const { service, contents, handlers } = setup();
    await handlers[IpcChannel.requestPort](contents.event(), { nonce: NONCE });
    expect(service.connections).toHaveLength(1);
    expect(contents.mainFrame.posted[0]?.message).toEqual({ nonce: NONCE });
  });

  it('refuse a bad nonce without touching the service', () => {
    const { service, contents, handlers } = setup();
    expect(() => handlers[IpcChannel.requestPort](contents.event(), { nonce: 'short' })).toThrow(RefusedError);
    expect(service.connections).toHaveLength(0);
  });

  it('open a window, attached to a session when one is given', async () => {
    const { contents, handlers, windows } = setup();
    await handlers[IpcChannel.openWindow](contents.event(), {});
    await handlers[IpcChannel.openWindow](contents.event(), { session: 4 });
    expect(windows).toEqual([{}, { attach: 4 }]);
  });

  it('refuse a window for a bad session', () => {
    const { contents, handlers, windows } = setup();
    for (const session of [0, -2, 1.5, '4', null]) {
      expect(() => handlers[IpcChannel.openWindow](contents.event(), { session })).toThrow(RefusedError);
    }
    expect(windows).toEqual([]);
  });

  it('open only http(s) links externally', async () => {
    const { contents, handlers, external } = setup();
    await handlers[IpcChannel.openExternal](contents.event(), { url: 'https://example.com/a' });
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x']) {
      await expect(handlers[IpcChannel.openExternal](contents.event(), { url })).rejects.toThrow(RefusedError);
    }
    expect(external).toEqual(['https://example.com/a']);
  });

  it('refuse every channel from a frame that is not our main frame', async () => {
    const { contents, handlers, windows, external, service } = setup();
    const subframe = contents.event(new FakeFrame(PAGE, contents.mainFrame));
    const foreign = new FakeContents().event();
    for (const event of [subframe, foreign]) {
      expect(() => handlers[IpcChannel.requestPort](event, { nonce: NONCE })).toThrow(RefusedError);
      expect(() => handlers[IpcChannel.openWindow](event, {})).toThrow(RefusedError);
      await expect(handlers[IpcChannel.openExternal](event, { url: 'https://example.com/' })).rejects.toThrow(
        RefusedError,
      );
    }
    expect([windows, external, service.connections]).toEqual([[], [], []]);
  });

  it('answer the settings, and pass on a valid save only', async () => {
    const { contents, handlers, saves, state } = setup();
    expect(await handlers[IpcChannel.getSettings](contents.event(), {})).toBe(state);
    const request = { kind: 'set', changes: { fontSize: 16 } } as const;
    expect(await handlers[IpcChannel.saveSettings](contents.event(), request)).toEqual({ ok: true });
    for (const bad of [
      { kind: 'set', changes: { notASetting: 1 } },
      { kind: 'replace', text: '{}' },
      { kind: 'format-disk' },
      'settings',
    ]) {
      await expect(handlers[IpcChannel.saveSettings](contents.event(), bad)).rejects.toThrow(RefusedError);
    }
    expect(saves).toEqual([request]);
  });

  it('take the colour scheme and the window sessions, validated', () => {
    const { contents, handlers, schemes, sessions } = setup();
    handlers[IpcChannel.colorScheme](contents.event(), { dark: false });
    handlers[IpcChannel.windowSessions](contents.event(), { sessions: [3, 1] });
    expect(() => handlers[IpcChannel.colorScheme](contents.event(), { dark: 'yes' })).toThrow(RefusedError);
    expect(() => handlers[IpcChannel.windowSessions](contents.event(), { sessions: [0] })).toThrow(RefusedError);
    expect(schemes).toEqual([false]);
    expect(sessions.get(contents.id)).toEqual([3, 1]);
  });

  it('refuse the settings channels from a frame that is not our main frame', async () => {
    const { contents, handlers, saves, sessions } = setup();
    const subframe = contents.event(new FakeFrame(PAGE, contents.mainFrame));
    expect(() => handlers[IpcChannel.getSettings](subframe, {})).toThrow(RefusedError);
    await expect(handlers[IpcChannel.saveSettings](subframe, { kind: 'set', changes: {} })).rejects.toThrow(
      RefusedError,
    );
    expect(() => handlers[IpcChannel.windowSessions](subframe, { sessions: [1] })).toThrow(RefusedError);
    expect([saves, sessions.size]).toEqual([[], 0]);
  });
});
