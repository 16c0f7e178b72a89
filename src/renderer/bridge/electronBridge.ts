/**
 * The renderer's host in Electron: the host API the preload exposes (`window.sluiceHost`), and
 * the terminal service over a MessagePort that main hands this page load. The page asks for the
 * port with a fresh nonce; the preload relays it as a window message carrying the same nonce, so a
 * stray or replayed message cannot hand the page someone else's port.
 */
import { SluiceClient } from '../../shared/client';
import { Emitter } from '../../shared/event';
import { isPortMessageFor, readSettingsMessage, type SluiceHostApi } from '../../shared/hostApi';
import {
  SettingsSaveResultSchema,
  SettingsStateSchema,
  type SettingsState,
} from '../../shared/settings/settingsMessages';
import type { HostSettings, SluiceHost } from './host';

declare global {
  interface Window {
    /** Exposed by the Electron preload (src/preload/index.ts); absent in web mode. */
    readonly sluiceHost?: SluiceHostApi;
  }
}

/**
 * Main answers within one IPC round trip; past this the handshake is lost (the window is closing,
 * the preload failed), and a clear error beats a blank terminal that waits forever.
 */
const PORT_TIMEOUT_MS = 10_000;

/** True when this page runs in Sluice's Electron window (the preload exposed the host API). */
export function isElectronHost(): boolean {
  return window.sluiceHost !== undefined;
}

function receivePort(host: SluiceHostApi, nonce: string): Promise<MessagePort> {
  return new Promise<MessagePort>((resolve, reject) => {
    const onMessage = (event: MessageEvent): void => {
      // Only the preload posts as this window; the nonce ties the port to this request.
      if (event.source !== window || !isPortMessageFor(event.data, nonce)) return;
      const port = event.ports[0];
      if (!port) return;
      finish();
      resolve(port);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no terminal port from the Sluice main process within ${PORT_TIMEOUT_MS / 1000} s`));
    }, PORT_TIMEOUT_MS);
    const finish = (): void => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
    };
    // Listen before asking: the port may arrive before `requestPort` resolves.
    window.addEventListener('message', onMessage);
    host.requestPort(nonce).catch((error: unknown) => {
      finish();
      reject(
        new Error(
          `the Sluice main process refused this page a terminal port: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        ),
      );
    });
  });
}

/** Connects this page to the terminal service through the Electron preload. */
export async function connectElectron(): Promise<SluiceHost> {
  const host = window.sluiceHost;
  if (!host) throw new Error('the Sluice preload is not loaded: window.sluiceHost is missing');
  const port = await receivePort(host, crypto.randomUUID());
  const sluice = new SluiceClient(port);
  const report = (what: string) => (error: unknown) => console.warn(`sluice: ${what} failed:`, error);
  const settings = await electronSettings(host, report);
  return {
    kind: 'electron',
    sluice,
    settings,
    // Main outlives its windows: the port goes only with the page (a reload gets a new one).
    onDidDisconnect: () => ({ dispose: () => {} }),
    probeServer: () => Promise.resolve('back'),
    setWindowSessions: (sessions) => {
      host.setWindowSessions([...sessions]).catch(report('reporting the window sessions'));
    },
    openWindow: (options = {}) => {
      host
        .openWindow(options.session === undefined ? {} : { session: options.session })
        .catch(report('opening a window'));
    },
    openExternal: (url) => {
      host.openExternal(url).catch(report(`opening ${url}`));
    },
  };
}

/** The settings through the preload: the state on request, then each new one as a window message. */
async function electronSettings(
  host: SluiceHostApi,
  report: (what: string) => (error: unknown) => void,
): Promise<HostSettings> {
  const onDidChange = new Emitter<SettingsState>();
  let state = SettingsStateSchema.parse(await host.getSettings());
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    // Only the preload posts as this window (from its isolated world).
    if (event.source !== window) return;
    const message = readSettingsMessage(event.data);
    if (!message) return;
    const parsed = SettingsStateSchema.safeParse(message.state);
    if (!parsed.success) return;
    state = parsed.data;
    onDidChange.fire(state);
  });
  return {
    get state() {
      return state;
    },
    onDidChange: onDidChange.event,
    save: async (request) => {
      try {
        return SettingsSaveResultSchema.parse(await host.saveSettings(request));
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error), problems: [] };
      }
    },
    reportColorScheme: (dark) => {
      host.setColorScheme(dark).catch(report('reporting the colour scheme'));
    },
  };
}
