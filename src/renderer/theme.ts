/**
 * The look of the terminal: a dark theme in the colours of VS Code's Dark Modern, so that the
 * terminal, the tab bar and the status bar (styles.css) read as one surface.
 */
import type { ITheme } from '@xterm/xterm';

export const TERMINAL_THEME: ITheme = {
  background: '#1e1e1e',
  foreground: '#cccccc',
  cursor: '#aeafad',
  cursorAccent: '#1e1e1e',
  selectionBackground: '#264f78',
  black: '#000000',
  red: '#cd3131',
  green: '#0dbc79',
  yellow: '#e5e510',
  blue: '#2472c8',
  magenta: '#bc3fbc',
  cyan: '#11a8cd',
  white: '#e5e5e5',
  brightBlack: '#666666',
  brightRed: '#f14c4c',
  brightGreen: '#23d18b',
  brightYellow: '#f5f543',
  brightBlue: '#3b8eea',
  brightMagenta: '#d670d6',
  brightCyan: '#29b8db',
  brightWhite: '#e5e5e5',
};

/** Fonts that exist on Linux (DejaVu), Windows (Cascadia, Consolas) and macOS (Menlo). */
export const FONT_FAMILY = "'DejaVu Sans Mono', 'Cascadia Mono', Consolas, Menlo, 'Liberation Mono', monospace";

export const FontSize = {
  default: 14,
  /** Below 6 px the glyphs are unreadable; above 48 px a laptop screen shows a dozen columns. */
  min: 6,
  max: 48,
} as const;

/** Search highlights; the addon wants #RRGGBB. */
export const SEARCH_DECORATIONS = {
  matchBackground: '#623315',
  matchOverviewRuler: '#d186167e',
  activeMatchBackground: '#a0642d',
  activeMatchColorOverviewRuler: '#a0642d',
} as const;
