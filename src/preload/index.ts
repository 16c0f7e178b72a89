/**
 * The preload of every Sluice window: sandboxed, context-isolated, one CommonJS file that needs
 * nothing but `electron`. It exposes the small host API (`window.sluiceHost`) and relays three
 * things from main to the page's main world with `window.postMessage`:
 *
 * - the page's MessagePort (with the nonce the page asked with), so terminal traffic then flows
 *   main ↔ page directly with no per-chunk hop through `contextBridge`;
 * - menu commands, which the page carries out;
 * - the settings, whenever settings.json changes (the page validates them).
 *
 * `ipcRenderer` itself never reaches the page: each exposed function sends one fixed channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  HOST_GLOBAL,
  IpcChannel,
  isHostCommand,
  isNonce,
  WindowMessageType,
  MAX_WINDOW_SESSIONS,
  type CommandWindowMessage,
  type SettingsWindowMessage,
  type OpenWindowPayload,
  type PortWindowMessage,
  type SluiceHostApi,
} from '../shared/hostApi';

/**
 * The page's own origin where it has a real one (the dev server); `*` for the built file: page,
 * whose origin ("file://" or "null", by Chromium's flags) is no reliable target string — Electron's
 * own example posts the port with `*`. The target is this very window either way, and the page
 * cannot navigate elsewhere (main blocks navigation), so nothing is sent to anyone else.
 */
function targetOrigin(): string {
  return location.protocol === 'http:' || location.protocol === 'https:' ? location.origin : '*';
}

ipcRenderer.on(IpcChannel.port, (event, grant: unknown) => {
  const nonce = typeof grant === 'object' && grant !== null ? (grant as { nonce?: unknown }).nonce : undefined;
  const port = event.ports[0];
  if (!isNonce(nonce) || !port || event.ports.length !== 1) return;
  const message: PortWindowMessage = { type: WindowMessageType.port, nonce };
  window.postMessage(message, targetOrigin(), [port]);
});

ipcRenderer.on(IpcChannel.command, (_event, command: unknown) => {
  if (!isHostCommand(command)) return;
  const message: CommandWindowMessage = { type: WindowMessageType.command, command };
  window.postMessage(message, targetOrigin());
});

ipcRenderer.on(IpcChannel.settings, (_event, state: unknown) => {
  const message: SettingsWindowMessage = { type: WindowMessageType.settings, state };
  window.postMessage(message, targetOrigin());
});

// Arguments from the page are re-read here so that only plain data of the expected shape goes to
// main (which validates it again): never an object with getters, never extra fields.
const host: SluiceHostApi = {
  async requestPort(nonce) {
    if (!isNonce(nonce)) throw new TypeError('requestPort: the nonce must be 16-128 characters of [A-Za-z0-9_-]');
    await ipcRenderer.invoke(IpcChannel.requestPort, { nonce });
  },
  async openWindow(options) {
    const session = options?.session;
    const payload: OpenWindowPayload = session === undefined ? {} : { session };
    await ipcRenderer.invoke(IpcChannel.openWindow, payload);
  },
  async openExternal(url) {
    if (typeof url !== 'string') throw new TypeError('openExternal: the URL must be a string');
    await ipcRenderer.invoke(IpcChannel.openExternal, { url });
  },
  async getSettings() {
    return (await ipcRenderer.invoke(IpcChannel.getSettings, {})) as unknown;
  },
  async saveSettings(request) {
    // Structured-cloned to main, which validates it against the schema: plain data only arrives.
    return (await ipcRenderer.invoke(IpcChannel.saveSettings, request)) as unknown;
  },
  async setColorScheme(dark) {
    if (typeof dark !== 'boolean') throw new TypeError('setColorScheme: dark must be a boolean');
    await ipcRenderer.invoke(IpcChannel.colorScheme, { dark });
  },
  async setWindowSessions(sessions) {
    if (!Array.isArray(sessions) || sessions.length > MAX_WINDOW_SESSIONS)
      throw new TypeError(`setWindowSessions: at most ${MAX_WINDOW_SESSIONS} session ids`);
    await ipcRenderer.invoke(IpcChannel.windowSessions, { sessions: sessions.map(Number) });
  },
};

contextBridge.exposeInMainWorld(HOST_GLOBAL, host);
