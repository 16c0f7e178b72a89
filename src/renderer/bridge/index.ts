/**
 * Picks the host: Electron when the preload has announced itself (`window.sluiceHost`, exposed
 * with contextBridge), else web mode over a WebSocket to the server that served the page.
 */
import { connectElectron, isElectronHost } from './electronBridge';
import type { SluiceHost } from './host';
import { connectWeb } from './webBridge';

export function connectHost(): Promise<SluiceHost> {
  return isElectronHost() ? connectElectron() : connectWeb();
}
