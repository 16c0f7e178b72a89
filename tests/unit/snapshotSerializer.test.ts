/**
 * The snapshot rebuilds the whole terminal: a fresh view fed the mirror's snapshot equals, cell by
 * cell and mode by mode, a terminal fed the whole stream — and stays equal as the same output
 * continues in both (which is what tests the pen, charsets, modes, regions and saved cursors).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MirrorTerminal } from '../../src/main/mirror/mirrorTerminal';
import { sgrOf } from '../../src/main/mirror/snapshotSerializer';
import { DARK_THEME } from '../../src/shared/terminal/palette';
import { hasKnownGap, terminalState, viewTerminal, write } from '../helpers/terminalState';

const quiet = {
  reply: () => undefined,
  title: () => undefined,
  titlePush: () => undefined,
  bell: () => undefined,
  cwd: () => undefined,
};

function mirrorOf(cols: number, rows: number, scrollback: number, data: string): MirrorTerminal {
  const mirror = new MirrorTerminal({ cols, rows, scrollback, theme: DARK_THEME }, { ...quiet, log: () => undefined });
  mirror.write(data);
  return mirror;
}

/** Feeds `before` to the mirror and a reference, rebuilds a view from the snapshot, then feeds `after` to both. */
async function roundTrip(cols: number, rows: number, scrollback: number, before: string, after: string) {
  const mirror = mirrorOf(cols, rows, scrollback, before);
  const snapshot = mirror.snapshot();
  mirror.dispose();
  const reference = viewTerminal(cols, rows, scrollback);
  const view = viewTerminal(cols, rows, scrollback);
  await write(reference, before);
  await write(view, snapshot.data);
  const atSnapshot = { reference: terminalState(reference), view: terminalState(view) };
  const gap = hasKnownGap(reference);
  await write(reference, after);
  await write(view, after);
  const afterMore = { reference: terminalState(reference, false), view: terminalState(view, false) };
  reference.dispose();
  view.dispose();
  return { snapshot, atSnapshot, afterMore, gap };
}

const CASES: Record<string, string> = {
  'plain text and a cursor': 'hello\r\nworld',
  'colours of every kind, underline styles and colours': `\x1b[31mred\x1b[1;44m bold on blue \x1b[38;5;3mp256 \x1b[38;2;1;2;3mrgb\x1b[0m\r\n\x1b[4:3;58;5;9mcurly\x1b[4:2;58;2;9;8;7mdouble\x1b[0m \x1b[2;3;5;7;8;9;53mall\x1b[0m`,
  'a 256-colour index below 16 stays a 256-colour index': '\x1b[38;5;1;48;5;9mx\x1b[31;41my',
  'long lines that wrap': 'x'.repeat(100) + '\r\n' + 'y'.repeat(80) + 'z',
  'erased cells with a background (BCE)': '\x1b[44m\x1b[2K\x1b[0mabc\r\n\x1b[41m   \x1b[5X\x1b[0m',
  'a scroll region, and origin mode': '\x1b[2;10r\x1b[5;3Hin region\x1b[?6h\x1b[3;4Hrelative',
  'the alternate screen over a coloured pen': 'main1\r\nmain2\x1b[31m\x1b[?1049h\x1b[Halt screen\x1b[3;3Hcursor',
  'hyperlinks, with and without an id, one left open':
    'a \x1b]8;;http://x.y/\x1b\\link\x1b]8;;\x1b\\ b \x1b]8;id=7;http://z/\x1b\\open',
  'modes a program sets':
    '\x1b[?1h\x1b=\x1b[?2004h\x1b[?1004h\x1b[?1002h\x1b[?1006h\x1b[?25l\x1b[5 q\x1b[4h\x1b[?45h\x1b[20h',
  'wraparound off': '\x1b[?7l' + 'w'.repeat(90),
  'line drawing in G0 and G1': '\x1b(0lqqk\x1b(Bab\x1b)0\x0eqq',
  'the pending wrap at the right margin': 'a'.repeat(80),
  'wide characters, one that did not fit': 'ab' + '中'.repeat(39) + 'c' + '\r\n' + 'x'.repeat(79) + '中d',
  'combining characters': 'e\u0301 a\u0300\u0316 done',
  'a saved cursor with its pen': '\x1b[5;5H\x1b[32m\x1b7\x1b[1;1H\x1b[0mtop',
  scrollback: Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\r\n'),
  'tab stops': '\x1b[3g\x1b[1;5H\x1bH\x1b[1;13H\x1bH\x1b[H\tA\tB',
  'colours the program changed': '\x1b]4;1;rgb:12/34/56\x1b\\\x1b]11;#102030\x1b\\text',
  'a wrapped line starting with an empty cell': 'x'.repeat(85) + '\x1b[2;1H\x1b[X\x1b[3;1H',
  'a wrapped line after an empty last cell': 'y'.repeat(85) + '\x1b[1;80H\x1b[X\x1b[3;1H',
  'a coloured wrap at the bottom of the screen': '\r\n'.repeat(23) + '\x1b[44m' + 'b'.repeat(85) + '\x1b[0m',
  'REP, capped': 'a\x1b[5bb\x1b[999999999b',
};

describe('snapshots rebuild the terminal exactly', () => {
  for (const [name, data] of Object.entries(CASES)) {
    it(name, async () => {
      const result = await roundTrip(80, 24, 100, data, '\r\nMORE\x1b[10;10Hx\x1b[S' + 'q'.repeat(30) + '\x1bM');
      expect(result.atSnapshot.view).toEqual(result.atSnapshot.reference);
      expect(result.afterMore.view).toEqual(result.afterMore.reference);
    });
  }

  it('carries the window title, the icon name and the current directory', () => {
    const mirror = mirrorOf(80, 24, 100, '\x1b]1;icon\x07\x1b]2;the title\x07\x1b]7;file://host/tmp/a%20b\x07');
    const { data } = mirror.snapshot();
    expect(data).toContain('\x1b]1;icon\x1b\\');
    expect(data).toContain('\x1b]2;the title\x1b\\');
    expect(data).toContain('\x1b]7;file://host/tmp/a%20b\x1b\\');
  });

  it('writes SGR 0 first and every attribute after it', () => {
    expect(sgrOf({ fg: 0, bg: 0, extended: { ext: 0, underlineColor: 0, urlId: 0 } })).toBe('\x1b[0m');
  });
});

/** A random stream of the things programs do to a terminal, weighted towards the tricky ones. */
const printable = fc.constantFrom('a', 'b', ' ', 'x', 'é', '中', '😀', 'e\u0301', '─', '%');
const sgrParam = fc.constantFrom(
  '0',
  '1',
  '2',
  '3',
  '4',
  '4:3',
  '5',
  '7',
  '8',
  '9',
  '53',
  '22',
  '24',
  '27',
  '31',
  '42',
  '95',
  '38;5;4',
  '48;5;200',
  '38;2;10;20;30',
  '58;5;3',
  '58;2;1;2;3',
  '39',
  '49',
);
const op = fc.oneof(
  { arbitrary: fc.array(printable, { minLength: 1, maxLength: 30 }).map((chars) => chars.join('')), weight: 8 },
  { arbitrary: fc.array(sgrParam, { minLength: 1, maxLength: 4 }).map((ps) => `\x1b[${ps.join(';')}m`), weight: 4 },
  { arbitrary: fc.constantFrom('\r\n', '\n', '\r', '\b', '\t', '\x1bD', '\x1bM', '\x1bE'), weight: 4 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('A', 'B', 'C', 'D', 'G', 'd', 'H', 'J', 'K', 'X', '@', 'P', 'L', 'M', 'S', 'T', 'b'),
        fc.nat(12),
        fc.nat(12),
      )
      .map(([final, a, b]) => (final === 'H' ? `\x1b[${a};${b}H` : `\x1b[${a}${final}`)),
    weight: 5,
  },
  { arbitrary: fc.tuple(fc.nat(8), fc.nat(8)).map(([top, size]) => `\x1b[${top + 1};${top + size + 2}r`), weight: 1 },
  // Hyperlinks around text (a link left open across a DECRC is the one thing not carried).
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('', 'id=q'),
        fc.constantFrom('http://a/', 'https://b.example/x'),
        fc.array(printable, { maxLength: 12 }),
      )
      .map(([params, uri, text]) => `\x1b]8;${params};${uri}\x1b\\${text.join('')}\x1b]8;;\x1b\\`),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom(
      '\x1b[?1049h',
      '\x1b[?1049l',
      '\x1b[?47h',
      '\x1b[?47l',
      '\x1b[?6h',
      '\x1b[?6l',
      '\x1b[?7l',
      '\x1b[?7h',
      '\x1b[4h',
      '\x1b[4l',
      '\x1b7',
      '\x1b8',
      '\x1b[s',
      '\x1b[u',
      '\x1b(0',
      '\x1b(B',
      '\x1b)0',
      '\x0e',
      '\x0f',
      '\x1bH',
      '\x1b[3g',
      '\x1b[g',
      '\x1b[?25l',
      '\x1b[?25h',
      '\x1b[?1000h',
      '\x1b[?1006h',
      '\x1b[?1h',
      '\x1b[2 q',
      '\x1b]2;t\x07',
      '\x1b[!p',
      '\x1b]4;2;#abcdef\x1b\\',
      '\x1b[?2004h',
    ),
    weight: 4,
  },
);
const stream = fc.array(op, { maxLength: 60 }).map((ops) => ops.join(''));

describe('snapshots rebuild the terminal exactly (property)', () => {
  it('for any stream of text, attributes, movements, erases, regions, screens, modes and links', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 8, max: 24 }),
        fc.integer({ min: 3, max: 8 }),
        stream,
        stream,
        async (cols, rows, before, after) => {
          const result = await roundTrip(cols, rows, 20, before, after);
          expect(result.atSnapshot.view).toEqual(result.atSnapshot.reference);
          if (!result.gap) expect(result.afterMore.view).toEqual(result.afterMore.reference);
        },
      ),
      { numRuns: 300 },
    );
  });
});
