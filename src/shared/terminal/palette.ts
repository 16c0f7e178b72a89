/**
 * The colours a terminal shows: the 16 ANSI colours, foreground, background and cursor, from the
 * app's theme, and the 240 fixed colours of the 256-colour palette. The renderer paints with these
 * and the session's mirror answers colour queries (OSC 4/10/11/12) with them, so a program asking
 * "what is my background?" gets the colour the user actually sees.
 */

/** A theme as xterm.js's `ITheme` spells it (structurally compatible), colours as `#rrggbb`. */
export interface TerminalTheme {
  readonly background: string;
  readonly foreground: string;
  readonly cursor: string;
  readonly cursorAccent: string;
  readonly selectionBackground: string;
  readonly black: string;
  readonly red: string;
  readonly green: string;
  readonly yellow: string;
  readonly blue: string;
  readonly magenta: string;
  readonly cyan: string;
  readonly white: string;
  readonly brightBlack: string;
  readonly brightRed: string;
  readonly brightGreen: string;
  readonly brightYellow: string;
  readonly brightBlue: string;
  readonly brightMagenta: string;
  readonly brightCyan: string;
  readonly brightWhite: string;
}

/** The dark theme, in the colours of VS Code's Dark Modern, so terminal and chrome read as one surface. */
export const DARK_THEME: TerminalTheme = {
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

export type Rgb = readonly [number, number, number];

/** The theme's keys for palette entries 0–15, in index order. */
export const ANSI_KEYS = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'brightBlack',
  'brightRed',
  'brightGreen',
  'brightYellow',
  'brightBlue',
  'brightMagenta',
  'brightCyan',
  'brightWhite',
] as const satisfies readonly (keyof TerminalTheme)[];

/** The channel levels of xterm's 6×6×6 colour cube (palette 16–231), as xterm.js builds it. */
const CUBE_LEVELS = [0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff] as const;

/** Palette entry `index` (16–255) of the fixed part of the 256-colour palette. */
function fixedColor(index: number): Rgb {
  if (index < 232) {
    const i = index - 16;
    return [CUBE_LEVELS[Math.floor(i / 36) % 6] ?? 0, CUBE_LEVELS[Math.floor(i / 6) % 6] ?? 0, CUBE_LEVELS[i % 6] ?? 0];
  }
  const grey = 8 + (index - 232) * 10; // 24 greys from 8 to 238
  return [grey, grey, grey];
}

/** The 256 palette colours of `theme`. */
export function paletteOf(theme: TerminalTheme): Rgb[] {
  const palette: Rgb[] = [];
  for (let index = 0; index < 256; index++) {
    const key = ANSI_KEYS[index];
    palette.push(key === undefined ? fixedColor(index) : (parseColor(theme[key]) ?? [0, 0, 0]));
  }
  return palette;
}

/**
 * An X11 colour spec as terminals accept it in OSC 4/10/11/12: `rgb:R/G/B` with 1–4 hex digits per
 * channel (scaled to 8 bits), or `#RGB`, `#RRGGBB`, `#RRRGGGBBB`, `#RRRRGGGGBBBB` (truncated to 8
 * bits, as XParseColor does). Named colours are not supported (nor are they by xterm.js). Returns
 * undefined for anything else.
 */
export function parseColor(spec: string): Rgb | undefined {
  const low = spec.toLowerCase();
  const rgb = /^rgb:([0-9a-f]{1,4})\/([0-9a-f]{1,4})\/([0-9a-f]{1,4})$/.exec(low);
  if (rgb) {
    const channel = (hex: string | undefined): number => {
      const digits = hex ?? '0';
      return Math.round((parseInt(digits, 16) / (16 ** digits.length - 1)) * 255);
    };
    return [channel(rgb[1]), channel(rgb[2]), channel(rgb[3])];
  }
  const hash = /^#([0-9a-f]+)$/.exec(low)?.[1];
  if (hash === undefined || ![3, 6, 9, 12].includes(hash.length)) return undefined;
  const width = hash.length / 3;
  const channel = (i: number): number => {
    const value = parseInt(hash.slice(width * i, width * (i + 1)), 16);
    // XParseColor keeps the high bits: #f → 0xf0, #fff → 0xff, #ffff → 0xff.
    return width === 1 ? value << 4 : width === 2 ? value : width === 3 ? value >> 4 : value >> 8;
  };
  return [channel(0), channel(1), channel(2)];
}

/** `rgb:rrrr/gggg/bbbb`, the 16-bit form xterm and xterm.js report colours in. */
export function formatColor([r, g, b]: Rgb): string {
  const hex = (n: number): string => n.toString(16).padStart(2, '0').repeat(2);
  return `rgb:${hex(r)}/${hex(g)}/${hex(b)}`;
}
