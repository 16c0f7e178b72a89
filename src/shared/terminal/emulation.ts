/**
 * What makes two xterm.js instances the same terminal: the session's mirror (headless, in the
 * service) and every view (in a window) must agree on these, or a snapshot taken by one does not
 * rebuild the other. Kept here, once, for both.
 */

/**
 * Lines of scrollback: one length for the mirror and every view, so a reload, a second window and
 * a resume after a hidden tab get every line the first window had. GNOME Terminal's default;
 * about 10 MiB per 80-column session in each terminal that holds it (docs/performance.md).
 */
export const DEFAULT_SCROLLBACK = 10_000;

/** The most scrollback a session may ask for: 100 000 lines of 200 columns is ~240 MB per terminal. */
export const MAX_SCROLLBACK = 100_000;

/**
 * Character widths: Unicode 11 (`@xterm/addon-unicode11`), as the renderer has always used. The
 * mirror must use the same table, or an emoji is one cell wide in one and two in the other.
 */
export const UNICODE_VERSION = '11';

/**
 * REP (`CSI Ps b`, repeat the preceding character) is capped at this count, as xterm and VTE do.
 * xterm.js has no cap: `printf 'a\e[2147483647b'` allocates an 8 GB array (a 14-byte denial of
 * service, shared/research/queries-and-hostile-output.md).
 */
export const MAX_REPEAT = 65_535;

/** What XTVERSION (`CSI > q`) reports: the emulator that answers. */
export const XTVERSION_NAME = 'xterm.js(6.0.0)';

/**
 * The cursor does not blink, as in VS Code (`terminal.integrated.cursorBlinking: false`): a blinking
 * cursor makes xterm.js schedule a frame for every blink, and output that arrives meanwhile waits
 * for frame boundaries — 2–18 ms more keystroke echo measured here against 1.4–3 ms without
 * (shared/research/queries-and-hostile-output.md). The bench's bare reference uses the same (bench/terminalSettings.ts).
 */
export const CURSOR_BLINK = false;
