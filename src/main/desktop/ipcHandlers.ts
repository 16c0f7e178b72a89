/**
 * The handlers of main's IPC channels (`ipcMain.handle`), as plain functions of the event and
 * the payload. Each one checks the sender frame first and validates the payload second; a
 * refusal rejects the page's `invoke` and changes nothing.
 */
import { IpcChannel } from '../../shared/hostApi';
import {
  SettingsSaveRequestSchema,
  type SettingsSaveRequest,
  type SettingsSaveResult,
  type SettingsState,
} from '../../shared/settings/settingsMessages';
import {
  ColorSchemeSchema,
  GetSettingsSchema,
  OpenExternalSchema,
  OpenWindowSchema,
  parsePayload,
  RequestPortSchema,
  WindowSessionsSchema,
} from './ipcSchemas';
import type { ClosablePort, PortBroker, PortFrame } from './portBroker';
import { RefusedError, type SenderLike } from './trustedSender';
import { externalUrl } from './windowPolicy';

export interface IpcActions<Port extends ClosablePort> {
  readonly broker: PortBroker<Port>;
  /** Open a window showing our page, attached to `attach` when given. */
  openWindow(options: { readonly attach?: number }): void;
  /** `shell.openExternal`; only called with an http(s) URL. */
  openExternal(url: string): Promise<void>;
  /** main's `SettingsStore`. */
  readonly settings: {
    readonly state: SettingsState;
    save(request: SettingsSaveRequest): Promise<SettingsSaveResult>;
  };
  /** A page's `prefers-color-scheme` (true: dark). */
  colorScheme(dark: boolean): void;
  /** The sessions the window `contentsId` shows (for the close question). */
  windowSessions(contentsId: number, sessions: readonly number[]): void;
}

export type IpcHandler<Port> = (event: SenderLike<PortFrame<Port>>, payload: unknown) => unknown;

export type InvokeChannel =
  | typeof IpcChannel.requestPort
  | typeof IpcChannel.openWindow
  | typeof IpcChannel.openExternal
  | typeof IpcChannel.getSettings
  | typeof IpcChannel.saveSettings
  | typeof IpcChannel.colorScheme
  | typeof IpcChannel.windowSessions;

export function createIpcHandlers<Port extends ClosablePort>(
  actions: IpcActions<Port>,
): Record<InvokeChannel, IpcHandler<Port>> {
  const requireTrusted = (event: SenderLike<PortFrame<Port>>, channel: string): void => {
    const verdict = actions.broker.check(event);
    if (!verdict.ok) throw new RefusedError(`${channel} refused: ${verdict.reason}`);
  };
  return {
    [IpcChannel.requestPort]: (event, payload) => {
      // The broker runs the sender check itself, on the very frame it posts the port to.
      const { nonce } = parsePayload(RequestPortSchema, payload, IpcChannel.requestPort);
      actions.broker.grant(event, nonce);
    },
    [IpcChannel.openWindow]: (event, payload) => {
      requireTrusted(event, IpcChannel.openWindow);
      const { session } = parsePayload(OpenWindowSchema, payload, IpcChannel.openWindow);
      actions.openWindow(session === undefined ? {} : { attach: session });
    },
    [IpcChannel.openExternal]: async (event, payload) => {
      requireTrusted(event, IpcChannel.openExternal);
      const { url } = parsePayload(OpenExternalSchema, payload, IpcChannel.openExternal);
      const target = externalUrl(url);
      if (target !== undefined) await actions.openExternal(target);
    },
    [IpcChannel.getSettings]: (event, payload) => {
      requireTrusted(event, IpcChannel.getSettings);
      parsePayload(GetSettingsSchema, payload, IpcChannel.getSettings);
      return actions.settings.state;
    },
    [IpcChannel.saveSettings]: async (event, payload) => {
      requireTrusted(event, IpcChannel.saveSettings);
      const request = parsePayload(SettingsSaveRequestSchema, payload, IpcChannel.saveSettings);
      return actions.settings.save(request);
    },
    [IpcChannel.colorScheme]: (event, payload) => {
      requireTrusted(event, IpcChannel.colorScheme);
      actions.colorScheme(parsePayload(ColorSchemeSchema, payload, IpcChannel.colorScheme).dark);
    },
    [IpcChannel.windowSessions]: (event, payload) => {
      requireTrusted(event, IpcChannel.windowSessions);
      const { sessions } = parsePayload(WindowSessionsSchema, payload, IpcChannel.windowSessions);
      actions.windowSessions(event.sender.id, sessions);
    },
  };
}
