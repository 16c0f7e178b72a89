/**
 * Builds one xterm.js terminal with the addons every tab has: fit, search, web links, Unicode 11
 * widths, and the WebGL renderer where the GPU is real (rendererChoice.ts).
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { DEFAULT_SCROLLBACK, UNICODE_VERSION } from '../shared/terminal/emulation';
import { guardHostileOutput, silenceQueries, type HookableTerminal } from '../shared/terminal/parserHooks';
import type { SluiceHost } from './bridge/host';
import { chooseRenderer, type RendererKind } from './rendererChoice';
import { FONT_FAMILY, TERMINAL_THEME } from './theme';

/**
 * The cursor does not blink, as in VS Code (`terminal.integrated.cursorBlinking: false`): a blinking
 * cursor makes xterm.js schedule a frame for every blink, and output that arrives meanwhile waits
 * for frame boundaries — 2–18 ms more keystroke echo measured here against 1.4–3 ms without
 * (shared/research/queries-and-hostile-output.md). The bench's bare reference uses the same.
 */
export const CURSOR_BLINK = false;

export interface TerminalParts {
  readonly terminal: Terminal;
  readonly fit: FitAddon;
  readonly search: SearchAddon;
  /** The renderer in use now: it falls back to the DOM if the WebGL context is lost. */
  renderer(): RendererKind;
}

export interface TerminalFactoryOptions {
  readonly host: SluiceHost;
  readonly fontSize: number;
  readonly parent: HTMLElement;
}

/** Only http and https links leave the terminal; `file:`, `javascript:` and the rest are ignored. */
export function isWebUrl(uri: string): boolean {
  try {
    const { protocol } = new URL(uri);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function createTerminal(options: TerminalFactoryOptions): TerminalParts {
  const terminal = new Terminal({
    // Unicode11Addon and the search decorations use proposed API.
    allowProposedApi: true,
    fontFamily: FONT_FAMILY,
    fontSize: options.fontSize,
    theme: TERMINAL_THEME,
    // Until the first snapshot says the session's own length (the mirror's: one scrollback for all).
    scrollback: DEFAULT_SCROLLBACK,
    cursorBlink: CURSOR_BLINK,
  });
  // The session's mirror answers every query once; a view never does (docs/terminal-queries.md).
  silenceQueries(terminal as unknown as HookableTerminal);
  guardHostileOutput(terminal as unknown as HookableTerminal);
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.loadAddon(
    new WebLinksAddon((event, uri) => {
      event.preventDefault();
      if (isWebUrl(uri)) options.host.openExternal(uri);
    }),
  );
  terminal.loadAddon(new Unicode11Addon());
  terminal.unicode.activeVersion = UNICODE_VERSION;
  terminal.open(options.parent);

  let renderer: RendererKind = 'dom';
  if (chooseRenderer().kind === 'webgl') {
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        // The GPU process reset or the driver dropped us: the DOM renderer takes over.
        webgl.dispose();
        renderer = 'dom';
      });
      terminal.loadAddon(webgl);
      renderer = 'webgl';
    } catch (error) {
      // Context creation can still fail (too many contexts, blocklisted driver): the DOM renderer stays.
      console.warn('sluice: WebGL renderer unavailable, using the DOM renderer:', error);
    }
  }
  return { terminal, fit, search, renderer: () => renderer };
}
