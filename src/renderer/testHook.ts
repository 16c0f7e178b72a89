/**
 * `window.__sluiceTest`: a tiny read-only view of the UI for Playwright, which otherwise could read
 * the screen only through the DOM renderer's rows (and not at all under WebGL). It reads; it never
 * changes anything — tests act only as a user would, through keys and clicks.
 */
import type { Settings } from '../shared/settings/settingsSchema';
import type { App } from './app';
import type { TerminalView } from './terminalView';

export interface SluiceTestHook {
  /** The visible rows of the active tab, or of the tab showing `session`. */
  screenText(session?: number): string;
  /** Every line of that tab's active buffer, scrollback first, trailing blanks dropped. */
  bufferLines(session?: number): string[];
  /** Output messages that tab has received and xterm.js has not parsed yet. */
  unrendered(session?: number): number;
  activeSession(): number | null;
  /** The sessions of this window's tabs, in tab order. */
  sessions(): number[];
  /** `live`, `suspended`, … of the active tab or of `session`'s tab. */
  viewState(session?: number): string | null;
  /** The active terminal's size. */
  size(): { cols: number; rows: number } | null;
  selection(): string;
  renderer(): string | null;
  /** What the window would ask about before it closes: the programs its tabs run. */
  busyPrograms(): string[];
  /** The settings in force in this window. */
  settings(): Settings;
  /** The active terminal's options that the settings and zoom decide. */
  look(): {
    fontFamily: string;
    fontSize: number;
    lineHeight: number;
    cursorStyle: string;
    cursorBlink: boolean;
    scrollback: number;
    background: string;
    foreground: string;
  } | null;
}

export function createTestHook(app: App): SluiceTestHook {
  const view = (session?: number): TerminalView | null =>
    session === undefined ? app.activeView : (app.views.find((candidate) => candidate.session === session) ?? null);
  return Object.freeze({
    screenText: (session?: number) => view(session)?.screenText() ?? '',
    bufferLines: (session?: number) => {
      const buffer = view(session)?.terminal.buffer.active;
      if (!buffer) return [];
      const lines: string[] = [];
      for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
      return lines;
    },
    unrendered: (session?: number) => view(session)?.status(0).unrendered ?? 0,
    activeSession: () => app.activeView?.session ?? null,
    sessions: () => app.views.map((candidate) => candidate.session).filter((session) => session !== null),
    viewState: (session?: number) => view(session)?.state ?? null,
    size: () => {
      const terminal = app.activeView?.terminal;
      return terminal ? { cols: terminal.cols, rows: terminal.rows } : null;
    },
    selection: () => app.activeView?.selection() ?? '',
    renderer: () => app.activeView?.status(0).renderer ?? null,
    settings: () => app.settings,
    busyPrograms: () => [...app.busyPrograms],
    look: () => {
      const options = app.activeView?.terminal.options;
      if (!options) return null;
      return {
        fontFamily: options.fontFamily ?? '',
        fontSize: options.fontSize ?? 0,
        lineHeight: options.lineHeight ?? 0,
        cursorStyle: options.cursorStyle ?? '',
        cursorBlink: options.cursorBlink ?? false,
        scrollback: options.scrollback ?? 0,
        background: options.theme?.background ?? '',
        foreground: options.theme?.foreground ?? '',
      };
    },
  });
}
