/**
 * The handlers of main's IPC channels (`ipcMain.handle`), as plain functions of the event and
 * the payload. Each one checks the sender frame first and validates the payload second; a
 * refusal rejects the page's `invoke` and changes nothing.
 */
import { IpcChannel } from '../../shared/hostApi';
import { OpenExternalSchema, OpenWindowSchema, parsePayload, RequestPortSchema } from './ipcSchemas';
import type { ClosablePort, PortBroker, PortFrame } from './portBroker';
import { RefusedError, type SenderLike } from './trustedSender';
import { externalUrl } from './windowPolicy';

export interface IpcActions<Port extends ClosablePort> {
  readonly broker: PortBroker<Port>;
  /** Open a window showing our page, attached to `attach` when given. */
  openWindow(options: { readonly attach?: number }): void;
  /** `shell.openExternal`; only called with an http(s) URL. */
  openExternal(url: string): Promise<void>;
}

export type IpcHandler<Port> = (event: SenderLike<PortFrame<Port>>, payload: unknown) => void | Promise<void>;

export type InvokeChannel =
  typeof IpcChannel.requestPort | typeof IpcChannel.openWindow | typeof IpcChannel.openExternal;

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
  };
}
