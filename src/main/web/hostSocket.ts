/**
 * Web mode's `/host` socket: what Electron's preload and IPC give a window, for a browser page —
 * the settings (sent on connect and on every change), saves from the settings page, and the page's
 * light/dark preference. One JSON text frame per message, validated on arrival like the terminal
 * protocol; an invalid one is answered with an `error` and changes nothing. The server's gate
 * (Host, Origin, token) is the same as for `/ws`: see webServer.ts.
 */
import { WebSocket, type RawData } from 'ws';
import type { Event } from '../../shared/event';
import { describeIssues } from '../../shared/protocol';
import {
  HostRequestSchema,
  type HostEvent,
  type SettingsSaveRequest,
  type SettingsSaveResult,
  type SettingsState,
} from '../../shared/settings/settingsMessages';

export interface HostSocketOptions {
  /** The settings store (main's `SettingsStore`). */
  readonly settings: {
    readonly state: SettingsState;
    readonly onDidChange: Event<SettingsState>;
    save(request: SettingsSaveRequest): Promise<SettingsSaveResult>;
  };
  /** A page's `prefers-color-scheme` changed (or it connected): `true` for dark. */
  colorScheme(dark: boolean): void;
}

export function hostSocketHandler(options: HostSocketOptions): (ws: WebSocket) => void {
  return (ws) => {
    // As in webSocketEndpoint.ts: an 'error' without a listener would crash the server.
    ws.on('error', () => {});
    const send = (event: HostEvent): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(event));
    };
    send({ type: 'settings', state: options.settings.state });
    const subscription = options.settings.onDidChange((state) => send({ type: 'settings', state }));
    ws.on('close', () => subscription.dispose());
    ws.on('message', (data: RawData, isBinary) => {
      const parsed = HostRequestSchema.safeParse(isBinary ? null : parseJson(data));
      if (!parsed.success) {
        send({ type: 'error', message: `invalid message: ${describeIssues(parsed.error)}` });
        return;
      }
      const request = parsed.data;
      if (request.type === 'colorScheme') {
        options.colorScheme(request.dark);
        return;
      }
      options.settings.save(request.request).then(
        (result) => send({ type: 'saved', id: request.id, result }),
        (error: unknown) =>
          send({
            type: 'saved',
            id: request.id,
            result: { ok: false, message: error instanceof Error ? error.message : String(error), problems: [] },
          }),
      );
    });
  };
}

function parseJson(data: RawData): unknown {
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : data instanceof ArrayBuffer
      ? Buffer.from(data).toString('utf8')
      : data.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
