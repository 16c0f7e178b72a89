/**
 * The API of `window.sluice`: exactly the public surface of `SluiceClient`, whichever transport is
 * under it (a MessagePort from the Electron preload, a WebSocket in web mode). The renderer codes
 * against this type only, so a misuse is a compile error in every layer.
 */
import type { SluiceClient } from './client';

export type SluiceApi = Pick<
  SluiceClient,
  | 'create'
  | 'list'
  | 'attach'
  | 'detach'
  | 'kill'
  | 'write'
  | 'resize'
  | 'suspend'
  | 'resume'
  | 'ack'
  | 'setAckThreshold'
  | 'on'
  | 'close'
>;
