/**
 * Builds one xterm.js terminal with the addons every tab has: fit, search, links (plain URLs by the
 * web-links addon, OSC 8 hyperlinks by xterm's own link handler, both through one policy the app
 * owns), Unicode 11 widths, and the WebGL renderer where the GPU is real (rendererChoice.ts).
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { UNICODE_VERSION } from '../shared/terminal/emulation';
import type { TerminalTheme } from '../shared/terminal/palette';
import { guardHostileOutput, silenceQueries, type HookableTerminal } from '../shared/terminal/parserHooks';
import { chooseRenderer, type RendererKind } from './rendererChoice';

/**
 * What the settings decide about how a terminal looks (applied live with `applyLook`). The cursor
 * does not blink by default: `CURSOR_BLINK` in src/shared/terminal/emulation.ts says why.
 */
export interface TerminalLook {
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly lineHeight: number;
  readonly theme: TerminalTheme;
  readonly cursorStyle: 'block' | 'bar' | 'underline';
  readonly cursorBlink: boolean;
  readonly scrollback: number;
}

/** What happens around a link: the app decides (the activation setting, the hover tooltip). */
export interface LinkHandlers {
  activate(event: MouseEvent, uri: string): void;
  hover(event: MouseEvent, uri: string): void;
  leave(): void;
}

export interface TerminalParts {
  readonly terminal: Terminal;
  readonly fit: FitAddon;
  readonly search: SearchAddon;
  /** The renderer in use now: it falls back to the DOM if the WebGL context is lost. */
  renderer(): RendererKind;
}

export interface TerminalFactoryOptions {
  readonly look: TerminalLook;
  readonly links: LinkHandlers;
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
  const { look, links } = options;
  const terminal = new Terminal({
    // Unicode11Addon and the search decorations use proposed API.
    allowProposedApi: true,
    ...look,
    // OSC 8 hyperlinks: the same policy as plain URLs. Other schemes are never even offered.
    linkHandler: {
      activate: (event, uri) => links.activate(event, uri),
      hover: (event, uri) => links.hover(event, uri),
      leave: () => links.leave(),
    },
  });
  // The session's mirror answers every query once; a view never does (docs/terminal-queries.md).
  silenceQueries(terminal as unknown as HookableTerminal);
  guardHostileOutput(terminal as unknown as HookableTerminal);
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.loadAddon(
    new WebLinksAddon((event, uri) => links.activate(event, uri), {
      hover: (event, uri) => links.hover(event, uri),
      leave: () => links.leave(),
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

/** Applies a new look to a live terminal; only what changed, so xterm re-measures only when it must. */
export function applyLook(terminal: Terminal, look: TerminalLook): void {
  const options = terminal.options;
  if (options.fontFamily !== look.fontFamily) options.fontFamily = look.fontFamily;
  if (options.fontSize !== look.fontSize) options.fontSize = look.fontSize;
  if (options.lineHeight !== look.lineHeight) options.lineHeight = look.lineHeight;
  if (options.theme !== look.theme) options.theme = look.theme;
  if (options.cursorStyle !== look.cursorStyle) options.cursorStyle = look.cursorStyle;
  if (options.cursorBlink !== look.cursorBlink) options.cursorBlink = look.cursorBlink;
  if (options.scrollback !== look.scrollback) options.scrollback = look.scrollback;
}
