/**
 * The look of the terminal. The colours come from the settings (src/shared/settings/themes.ts);
 * these are the defaults, kept here by name for the bench's bare reference page, which must look
 * exactly like Sluice out of the box.
 */
import type { ITheme } from '@xterm/xterm';
import { DEFAULT_FONT_FAMILY, FontSizeLimits } from '../shared/settings/settingsSchema';
import { DARK_THEME } from '../shared/terminal/palette';

/** The default terminal colours: shared with the service, whose mirror answers colour queries with them. */
export const TERMINAL_THEME: ITheme = DARK_THEME;

export const FONT_FAMILY = DEFAULT_FONT_FAMILY;

export const FontSize = FontSizeLimits;

/** Search highlights; the addon wants #RRGGBB. */
export const SEARCH_DECORATIONS = {
  matchBackground: '#623315',
  matchOverviewRuler: '#d186167e',
  activeMatchBackground: '#a0642d',
  activeMatchColorOverviewRuler: '#a0642d',
} as const;
