/**
 * What the renderer gets from whatever hosts it — the Electron preload or web mode. The UI codes
 * against this interface only; `index.ts` picks the implementation at start.
 */
import type { SluiceApi } from '../../shared/api';
import type { Event } from '../../shared/event';
import type { SettingsSaveRequest, SettingsSaveResult, SettingsState } from '../../shared/settings/settingsMessages';

/** The settings file, as main (or web mode's server) reads, watches and writes it. */
export interface HostSettings {
  /** The state as last received: the settings in force, the file's text and its problems. */
  readonly state: SettingsState;
  /** A new state (the file changed, or a save went through). */
  readonly onDidChange: Event<SettingsState>;
  /** Ask main to change the file; it validates and writes nothing that is not valid. */
  save(request: SettingsSaveRequest): Promise<SettingsSaveResult>;
  /** The page's `prefers-color-scheme`, so the session mirrors answer colour queries to match. */
  reportColorScheme(dark: boolean): void;
}

/** How the server looks from a page that lost it (web mode). */
export type ServerProbe = 'back' | 'refused' | 'down';

export interface SluiceHost {
  readonly kind: 'electron' | 'web';
  /** The terminal service's client: the API of `window.sluice`. */
  readonly sluice: SluiceApi;
  readonly settings: HostSettings;
  /** The connection to the service is gone (web mode: the server stopped or restarted). */
  readonly onDidDisconnect: Event<void>;
  /** Web mode: is the server reachable again, and does it accept this page's token? */
  probeServer(): Promise<ServerProbe>;
  /** Open another window: empty (it creates its own session) or showing an existing session. */
  openWindow(options?: { readonly session?: number }): void;
  /** Open a link in the system browser; anything but http/https is refused. */
  openExternal(url: string): void;
  /** The sessions this window shows (Electron asks about them before the window closes). */
  setWindowSessions(sessions: readonly number[]): void;
}
