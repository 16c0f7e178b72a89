/**
 * `window.__sluiceBench`, present only when the page is opened with `bench` in its query string:
 * the reference of the browser benchmark. It writes bytes straight into the active tab's xterm.js
 * — the same terminal, renderer and page as the flood through web mode, minus the transport — and
 * reports how long xterm took to parse them and paint the result. Not a test hook: it changes the
 * screen.
 */
import type { App } from './app';

export interface SluiceBenchHook {
  /** Writes `data` into the active terminal in `chunk`-sized writes; resolves with the elapsed ms. */
  writeDirect(data: string, chunk: number): Promise<number>;
  /** Sets the active terminal's cursor blink, so the bench runs Sluice and its reference alike. */
  setCursor(options: { readonly cursorBlink: boolean }): void;
}

export function createBenchHook(app: App): SluiceBenchHook {
  return Object.freeze({
    writeDirect: (data: string, chunk: number) => {
      const terminal = app.activeView?.terminal;
      if (!terminal) return Promise.reject(new Error('no active terminal'));
      const start = performance.now();
      for (let i = 0; i < data.length; i += chunk) terminal.write(data.slice(i, i + chunk));
      // Parsed, and then painted once: the flood through web mode ends on screen too.
      return new Promise<number>((resolve) =>
        terminal.write('', () => requestAnimationFrame(() => resolve(performance.now() - start))),
      );
    },
    setCursor: (options: { readonly cursorBlink: boolean }) => {
      const terminal = app.activeView?.terminal;
      if (!terminal) throw new Error('no active terminal');
      terminal.options.cursorBlink = options.cursorBlink;
    },
  });
}

export function benchRequested(): boolean {
  return new URLSearchParams(window.location.search).has('bench');
}
