/**
 * What the service speaks the protocol over. Three kinds of port arrive here — Electron's
 * `MessagePortMain`, Node's `worker_threads` `MessagePort`, and a WebSocket (web mode) — and each
 * is adapted to one small `Endpoint` interface. Electron is referenced by type only: nothing here
 * loads it, so this runs under plain Node.
 */
import { MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { MessagePortMain } from 'electron';
import type { ServiceMessage } from '../../shared/protocol';

export interface Endpoint {
  send(message: ServiceMessage): void;
  /** Registers the one message listener; the endpoint starts delivering once it is set. */
  onMessage(listener: (data: unknown) => void): void;
  /** The other side went away (window closed, renderer crashed, socket dropped). */
  onClose(listener: () => void): void;
  close(): void;
}

export type EndpointLike = Endpoint | NodeMessagePort | MessagePortMain;

function isEndpoint(value: EndpointLike): value is Endpoint {
  return typeof (value as Partial<Endpoint>).onMessage === 'function';
}

export function fromNodePort(port: NodeMessagePort): Endpoint {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

export function fromMessagePortMain(port: MessagePortMain): Endpoint {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data));
      // A MessagePortMain queues messages until started.
      port.start();
    },
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

export function toEndpoint(value: EndpointLike): Endpoint {
  if (value instanceof NodeMessagePort) return fromNodePort(value);
  if (isEndpoint(value)) return value;
  return fromMessagePortMain(value);
}
