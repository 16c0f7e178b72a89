/**
 * The contract between the Electron preload and the page, and between the preload and main: the
 * small host API that `contextBridge` exposes as `window.sluiceHost`, the IPC channel names, and
 * the two messages the preload posts to the page's main world. Pure TypeScript, so main, preload
 * and renderer all compile against the same names and shapes.
 *
 * Terminal traffic does not pass through here: the page asks for a MessagePort once per load
 * (`requestPort`), and output then flows main → page over that port with no `contextBridge` hop.
 */

/** Commands the application menu sends to the focused page; the page's UI carries them out. */
export const HOST_COMMANDS = [
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
] as const;
export type HostCommand = (typeof HOST_COMMANDS)[number];

export function isHostCommand(value: unknown): value is HostCommand {
  return typeof value === 'string' && (HOST_COMMANDS as readonly string[]).includes(value);
}

/**
 * IPC channels. Constants only: a channel name built at run time cannot be audited.
 * `invoke` channels go page → main (through the preload); the others main → preload.
 */
export const IpcChannel = {
  /** invoke `{ nonce }`: main checks the sender frame and answers on `port`. */
  requestPort: 'sluice:request-port',
  /** main → preload, with one transferred MessagePort: `{ nonce }`. */
  port: 'sluice:port',
  /** invoke `{ session? }`: open a window, attached to `session` if given. */
  openWindow: 'sluice:open-window',
  /** invoke `{ url }`: open an http(s) link in the system browser. */
  openExternal: 'sluice:open-external',
  /** main → preload: a `HostCommand` from the application menu. */
  command: 'sluice:command',
  /** invoke `{}` → the `SettingsState` (src/shared/settings/settingsMessages.ts). */
  getSettings: 'sluice:get-settings',
  /** invoke `SettingsSaveRequest` → `SettingsSaveResult`: main validates and writes settings.json. */
  saveSettings: 'sluice:save-settings',
  /** main → preload: a new `SettingsState` (the file changed), for every window. */
  settings: 'sluice:settings',
  /** invoke `{ dark }`: the page's `prefers-color-scheme`, for the "system" theme's colour answers. */
  colorScheme: 'sluice:color-scheme',
  /** invoke `{ sessions }`: the sessions this window shows, so closing it can name what runs there. */
  windowSessions: 'sluice:window-sessions',
} as const;
export type IpcChannel = (typeof IpcChannel)[keyof typeof IpcChannel];

/** Payloads of the invoke channels, as the page sends them (main validates each one again). */
export interface RequestPortPayload {
  readonly nonce: string;
}
export interface OpenWindowPayload {
  readonly session?: number;
}
export interface OpenExternalPayload {
  readonly url: string;
}
export interface ColorSchemePayload {
  readonly dark: boolean;
}
export interface WindowSessionsPayload {
  readonly sessions: readonly number[];
}
/** The most sessions one window reports: far more tabs than a window can show. */
export const MAX_WINDOW_SESSIONS = 1024;
/** What main sends on `IpcChannel.port`, alongside the transferred port. */
export interface PortGrant {
  readonly nonce: string;
}

/** `type` of the messages the preload posts to the page with `window.postMessage`. */
export const WindowMessageType = {
  /** Carries the page's MessagePort in `event.ports[0]`. */
  port: 'sluice:port',
  command: 'sluice:command',
  /** Carries a `SettingsState` in `state`, which the page validates. */
  settings: 'sluice:settings',
} as const;

export interface PortWindowMessage {
  readonly type: typeof WindowMessageType.port;
  readonly nonce: string;
}
export interface CommandWindowMessage {
  readonly type: typeof WindowMessageType.command;
  readonly command: HostCommand;
}
export interface SettingsWindowMessage {
  readonly type: typeof WindowMessageType.settings;
  /** A `SettingsState`; validated by the page against its schema. */
  readonly state: unknown;
}

/**
 * A nonce the page picks for one port request: `crypto.randomUUID()` fits. Main refuses anything
 * else, so a nonce can never smuggle markup or a huge string through the handshake.
 */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export function isNonce(value: unknown): value is string {
  return typeof value === 'string' && NONCE_PATTERN.test(value);
}

/** True when `data` is the port message answering the request made with `nonce`. */
export function isPortMessageFor(data: unknown, nonce: string): data is PortWindowMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as Partial<PortWindowMessage>).type === WindowMessageType.port &&
    (data as Partial<PortWindowMessage>).nonce === nonce
  );
}

/** The command in a window message from the preload, or undefined for any other message. */
export function readCommandMessage(data: unknown): HostCommand | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Partial<CommandWindowMessage>;
  return message.type === WindowMessageType.command && isHostCommand(message.command) ? message.command : undefined;
}

/** The state in a settings message from the preload (still to be validated), or undefined. */
export function readSettingsMessage(data: unknown): { readonly state: unknown } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Partial<SettingsWindowMessage>;
  return message.type === WindowMessageType.settings && 'state' in message ? { state: message.state } : undefined;
}

/** The property of `window` the preload exposes the host API as. */
export const HOST_GLOBAL = 'sluiceHost';

/**
 * `window.sluiceHost`: what the preload exposes with `contextBridge`. Every method is a request to
 * main, which checks the sender and validates the payload; nothing here reaches `ipcRenderer`.
 */
export interface SluiceHostApi {
  /**
   * Ask main for this page's MessagePort. It arrives as a window message
   * `{ type: 'sluice:port', nonce }` with the port in `event.ports[0]`; the promise rejects if
   * main refuses. A second request from the same page replaces (and closes) the first port.
   */
  requestPort(nonce: string): Promise<void>;
  /** Open a window: a fresh one, or one attached to an existing session. */
  openWindow(options?: OpenWindowPayload): Promise<void>;
  /** Open an http(s) URL in the system browser; main refuses every other scheme. */
  openExternal(url: string): Promise<void>;
  /** The settings state (validated by the page); later states arrive as `sluice:settings` messages. */
  getSettings(): Promise<unknown>;
  /** Ask main to change settings.json (a `SettingsSaveRequest`); resolves with a `SettingsSaveResult`. */
  saveSettings(request: unknown): Promise<unknown>;
  /** The page's `prefers-color-scheme`. */
  setColorScheme(dark: boolean): Promise<void>;
  /** The sessions this window shows, in tab order. */
  setWindowSessions(sessions: readonly number[]): Promise<void>;
}
