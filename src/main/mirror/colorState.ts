/**
 * The colours of one session's terminal as the program has set them: the theme's, changed by
 * OSC 4 (palette), 10/11/12 (foreground, background, cursor) and reset by OSC 104/110/111/112.
 * The mirror answers colour queries from it, and a snapshot carries the changes, so a new window
 * shows a program's palette just as the first one does.
 */
import { formatColor, paletteOf, parseColor, type Rgb, type TerminalTheme } from '../../shared/terminal/palette';

/** OSC 10, 11, 12 in order: the "special" colours that OSC 10 may set in one stacked command. */
const SPECIAL = ['foreground', 'background', 'cursor'] as const;
type Special = (typeof SPECIAL)[number];

export class ColorState {
  #themePalette: Rgb[];
  #themeSpecial: Record<Special, Rgb>;
  /** Only what the program changed; everything else is the theme's. */
  readonly #palette = new Map<number, Rgb>();
  readonly #special = new Map<Special, Rgb>();

  constructor(theme: TerminalTheme) {
    this.#themePalette = paletteOf(theme);
    this.#themeSpecial = specialOf(theme);
  }

  /** The user picked another theme: answers follow it; what the program set stays set. */
  setTheme(theme: TerminalTheme): void {
    this.#themePalette = paletteOf(theme);
    this.#themeSpecial = specialOf(theme);
  }

  /** OSC 4: `index;spec` pairs; returns the replies to the pairs whose spec is `?`, in order. */
  indexed(data: string): string {
    const slots = data.split(';');
    let replies = '';
    for (let i = 0; i + 1 < slots.length; i += 2) {
      const index = parseIndex(slots[i]);
      const spec = slots[i + 1] ?? '';
      if (index === undefined) continue;
      if (spec === '?') {
        replies += `\x1b]4;${index};${formatColor(this.#paletteColor(index))}\x1b\\`;
      } else {
        const color = parseColor(spec);
        if (color) this.#palette.set(index, color);
      }
    }
    return replies;
  }

  /** OSC 10/11/12 (`offset` 0/1/2): each slot sets or queries the next special colour. */
  special(offset: number, data: string): string {
    let replies = '';
    data.split(';').forEach((slot, i) => {
      const which = SPECIAL[offset + i];
      if (which === undefined) return;
      if (slot === '?') {
        replies += `\x1b]${10 + offset + i};${formatColor(this.#specialColor(which))}\x1b\\`;
      } else {
        const color = parseColor(slot);
        if (color) this.#special.set(which, color);
      }
    });
    return replies;
  }

  /** OSC 104: reset the listed palette entries, or all of them. */
  resetIndexed(data: string): void {
    if (data === '') {
      this.#palette.clear();
      return;
    }
    for (const slot of data.split(';')) {
      const index = parseIndex(slot);
      if (index !== undefined) this.#palette.delete(index);
    }
  }

  /** OSC 110/111/112. */
  resetSpecial(offset: number): void {
    const which = SPECIAL[offset];
    if (which) this.#special.delete(which);
  }

  /** A full reset (RIS) restores every colour. */
  reset(): void {
    this.#palette.clear();
    this.#special.clear();
  }

  /** The sequences that give a fresh terminal this state's changes (empty if none). */
  serialize(): string {
    let out = '';
    for (const [index, color] of [...this.#palette].sort((a, b) => a[0] - b[0])) {
      out += `\x1b]4;${index};${formatColor(color)}\x1b\\`;
    }
    SPECIAL.forEach((which, offset) => {
      const color = this.#special.get(which);
      if (color) out += `\x1b]${10 + offset};${formatColor(color)}\x1b\\`;
    });
    return out;
  }

  #paletteColor(index: number): Rgb {
    return this.#palette.get(index) ?? this.#themePalette[index] ?? [0, 0, 0];
  }

  #specialColor(which: Special): Rgb {
    return this.#special.get(which) ?? this.#themeSpecial[which];
  }
}

function specialOf(theme: TerminalTheme): Record<Special, Rgb> {
  const rgb = (spec: string): Rgb => parseColor(spec) ?? [0, 0, 0];
  return { foreground: rgb(theme.foreground), background: rgb(theme.background), cursor: rgb(theme.cursor) };
}

function parseIndex(slot: string | undefined): number | undefined {
  if (slot === undefined || !/^\d{1,3}$/.test(slot)) return undefined;
  const index = Number(slot);
  return index <= 255 ? index : undefined;
}
