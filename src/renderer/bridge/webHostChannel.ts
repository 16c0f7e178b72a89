/**
 * Web mode's host socket (`/host`, src/main/web/hostSocket.ts): the settings state, pushed on
 * connect and on every change; saves from the settings page, answered by id; the page's colour
 * scheme. Every message from the server is validated before it is believed.
 */
import { Emitter } from '../../shared/event';
import {
  HostEventSchema,
  type HostRequest,
  type SettingsSaveRequest,
  type SettingsSaveResult,
  type SettingsState,
} from '../../shared/settings/settingsMessages';
import type { HostSettings } from './host';

export const HOST_SOCKET_PATH = '/host';

export class WebHostChannel implements HostSettings {
  readonly #socket: WebSocket;
  readonly #onDidChange = new Emitter<SettingsState>();
  readonly #pending = new Map<number, (result: SettingsSaveResult) => void>();
  #nextId = 1;
  #state: SettingsState | undefined;
  readonly onDidChange = this.#onDidChange.event;
  /** Resolves with the first settings state; rejects if the socket closes first. */
  readonly ready: Promise<void>;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    let ready: () => void = () => {};
    let refused: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      ready = resolve;
      refused = reject;
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data)) as unknown;
      } catch {
        data = undefined;
      }
      const parsed = HostEventSchema.safeParse(data);
      if (!parsed.success) {
        console.warn('sluice: an invalid message on the host socket was ignored');
        return;
      }
      const message = parsed.data;
      if (message.type === 'settings') {
        this.#state = message.state;
        ready();
        this.#onDidChange.fire(message.state);
      } else if (message.type === 'saved') {
        this.#pending.get(message.id)?.(message.result);
        this.#pending.delete(message.id);
      } else {
        console.warn(`sluice: the server says: ${message.message}`);
      }
    });
    socket.addEventListener('close', () => {
      refused(new Error('the host socket closed before the settings arrived'));
      for (const answer of this.#pending.values())
        answer({ ok: false, message: 'the connection to the server is gone; nothing was saved', problems: [] });
      this.#pending.clear();
    });
  }

  get state(): SettingsState {
    if (!this.#state) throw new Error('the settings have not arrived yet');
    return this.#state;
  }

  save(request: SettingsSaveRequest): Promise<SettingsSaveResult> {
    if (this.#socket.readyState !== WebSocket.OPEN) {
      return Promise.resolve({ ok: false, message: 'not connected to the server; nothing was saved', problems: [] });
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#send({ type: 'saveSettings', id, request });
    });
  }

  reportColorScheme(dark: boolean): void {
    this.#send({ type: 'colorScheme', dark });
  }

  #send(message: HostRequest): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }
}
