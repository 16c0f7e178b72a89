/**
 * The options of every Sluice window: the renderer is an untrusted web page with no Node, no
 * shared context with the preload, in Chromium's sandbox. See the Electron security checklist.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Roughly 100×30 cells at the default font: a comfortable first terminal. */
const DEFAULT_WIDTH = 960;
const DEFAULT_HEIGHT = 620;
/** Below this the tab bar and the status bar leave no room for a terminal. */
const MIN_WIDTH = 400;
const MIN_HEIGHT = 240;
/** Painted before the page's first frame so a new window does not flash white (matches the theme's background). */
const BACKGROUND = '#1e1e1e';

export function windowOptions(options: { readonly preload: string }): BrowserWindowConstructorOptions {
  return {
    width: DEFAULT_WIDTH,
    height: DEFAULT_HEIGHT,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Sluice',
    backgroundColor: BACKGROUND,
    // Shown on `ready-to-show`, once there is something to show.
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // No `auxclick` event (middle click) for pages: one more way a click could open or navigate
      // to a link, beside what windowPolicy.ts denies. Electron's security checklist, and
      // electronegativity's AUXCLICK_JS_CHECK.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
