/** The page's globals: `window.sluice` is the service API, as the spec promises. */
import type { SluiceApi } from '../shared/api';
import type { SluiceBenchHook } from './benchHook';
import type { SluiceTestHook } from './testHook';

declare global {
  interface Window {
    /** The terminal service's client (from the Electron preload or web mode's WebSocket). */
    readonly sluice: SluiceApi;
    /** Read-only hooks for UI tests (testHook.ts). */
    readonly __sluiceTest: SluiceTestHook;
    /** The browser benchmark's reference, only on a page opened with `?bench` (benchHook.ts). */
    readonly __sluiceBench?: SluiceBenchHook;
  }
}

export {};
