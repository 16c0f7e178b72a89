/**
 * The look of the terminal: a dark theme in the colours of VS Code's Dark Modern, so that the
 * terminal, the tab bar and the status bar (styles.css) read as one surface.
 */
import type { ITheme } from '@xterm/xterm';
import { DARK_THEME } from '../shared/terminal/palette';

/** The terminal's colours: shared with the service, whose mirror answers colour queries with them. */
export const TERMINAL_THEME: ITheme = DARK_THEME;

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
