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

/**
 * OSC and DCS payloads (titles, colours, links, DECRQSS) longer than this many code points are
 * dropped, the whole sequence, as xterm.js drops them past its own 10 MB. Its handlers gather a
 * payload a code point at a time (about 1 µs each, for every handler registered), so a 4 MiB
 * title cost the mirror seconds and ~160 MiB; nothing Sluice honours needs a tenth of this
 * (parserHooks.ts `capPayloads`).
 */
export const MAX_STRING_PAYLOAD = 64 * 1024;

/**
 * Titles (OSC 0, 1, 2) longer than this are ignored: the tab keeps its title. PATH_MAX is 4096, so
 * any path or command line a shell puts in a title fits; past it a title is not one.
 */
export const MAX_TITLE_LENGTH = 4096;

/**
 * The most text one cell holds, in UTF-16 units: its character and what combines with it. Unicode's
 * stream-safe format (UAX #15) allows 30 combining marks in a row, and real text (Vietnamese,
 * Hebrew with cantillation, even "Zalgo" jokes) stacks a handful; 64 is twice the stream-safe
 * limit with room for a non-BMP base. Past it a cell is an attack on the renderer, not writing
 * (parserHooks.ts `capCombining`).
 */
export const MAX_CELL_TEXT = 64;
