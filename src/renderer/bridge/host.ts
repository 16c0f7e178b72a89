/**
 * What the renderer gets from whatever hosts it — the Electron preload or web mode. The UI codes
 * against this interface only; `index.ts` picks the implementation at start.
 */
import type { SluiceApi } from '../../shared/api';

export interface SluiceHost {
  readonly kind: 'electron' | 'web';
  /** The terminal service's client: the API of `window.sluice`. */
  readonly sluice: SluiceApi;
  /** Open another window: empty (it creates its own session) or showing an existing session. */
  openWindow(options?: { readonly session?: number }): void;
  /** Open a link in the system browser; anything but http/https is refused. */
  openExternal(url: string): void;
}
