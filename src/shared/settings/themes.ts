/**
 * The themes a setting names, as the colours the terminal paints and the session's mirror answers
 * colour queries with. Pure, so the renderer (which paints) and main (which configures the
 * service) resolve a setting to exactly the same colours.
 */
import { ANSI_KEYS, DARK_THEME, parseColor, type TerminalTheme } from '../terminal/palette';
import type { Settings } from './settingsSchema';

/** The light theme, in the colours of VS Code's Light Modern terminal, to match the light chrome. */
export const LIGHT_THEME: TerminalTheme = {
  background: '#ffffff',
  foreground: '#3b3b3b',
  cursor: '#005fb8',
  cursorAccent: '#ffffff',
  selectionBackground: '#add6ff',
  black: '#000000',
  red: '#cd3131',
  green: '#107c10',
  yellow: '#949800',
  blue: '#0451a5',
  magenta: '#bc05bc',
  cyan: '#0598bc',
  white: '#555555',
  brightBlack: '#666666',
  brightRed: '#cd3131',
  brightGreen: '#14ce14',
  brightYellow: '#b5ba00',
  brightBlue: '#0451a5',
  brightMagenta: '#bc05bc',
  brightCyan: '#0598bc',
  brightWhite: '#a5a5a5',
};

export type Appearance = 'dark' | 'light';

/** The colours `settings` asks for, given whether the system prefers dark (for `"system"`). */
export function resolveTheme(settings: Pick<Settings, 'theme' | 'customTheme'>, prefersDark: boolean): TerminalTheme {
  switch (settings.theme) {
    case 'dark':
      return DARK_THEME;
    case 'light':
      return LIGHT_THEME;
    case 'system':
      return prefersDark ? DARK_THEME : LIGHT_THEME;
    case 'custom': {
      const custom = settings.customTheme;
      const base = custom?.base === 'light' ? LIGHT_THEME : DARK_THEME;
      if (!custom) return base;
      const theme: { -readonly [K in keyof TerminalTheme]: string } = { ...base };
      for (const key of ANSI_KEYS) theme[key] = custom[key] ?? base[key];
      theme.foreground = custom.foreground ?? base.foreground;
      theme.background = custom.background ?? base.background;
      theme.cursor = custom.cursor ?? base.cursor;
      // The character under a block cursor is drawn in the background colour, as xterm.js does.
      theme.cursorAccent = theme.background;
      theme.selectionBackground = custom.selection ?? base.selectionBackground;
      return theme;
    }
  }
}

/**
 * Whether the window's chrome (tab bar, status bar, dialogs) is drawn light or dark around a
 * theme: by its background's relative luminance (WCAG), so a custom palette gets fitting chrome.
 */
export function appearanceOf(theme: TerminalTheme): Appearance {
  const rgb = parseColor(theme.background) ?? [0, 0, 0];
  const linear = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * (linear[0] ?? 0) + 0.7152 * (linear[1] ?? 0) + 0.0722 * (linear[2] ?? 0);
  // 0.179 is where black text and white text have equal contrast against the colour.
  return luminance > 0.179 ? 'light' : 'dark';
}
