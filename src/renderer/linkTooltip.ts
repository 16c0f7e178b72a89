/** The tooltip over a hovered link: where it goes, and how to open it. */
import { el } from './dom';

/** Long URLs are cut in the middle of the tooltip, not at its edge: the host and the end both show. */
const MAX_SHOWN_URL = 120;

export class LinkTooltip {
  readonly #element = el('div', { className: 'link-tooltip', testId: 'link-tooltip', attrs: { role: 'tooltip' } });
  readonly #url = el('span', { className: 'link-url', testId: 'link-url' });
  readonly #hint = el('span', { className: 'link-hint', testId: 'link-hint' });

  constructor() {
    this.#element.append(this.#url, this.#hint);
    this.#element.hidden = true;
    document.body.append(this.#element);
  }

  show(url: string, hint: string, x: number, y: number): void {
    this.#url.textContent = url.length > MAX_SHOWN_URL ? `${url.slice(0, 80)}…${url.slice(-36)}` : url;
    this.#hint.textContent = hint;
    this.#element.hidden = false;
    const { width, height } = this.#element.getBoundingClientRect();
    // Below and right of the pointer, flipped above it near the bottom edge.
    const top = y + 18 + height > window.innerHeight ? y - height - 8 : y + 18;
    this.#element.style.left = `${Math.max(4, Math.min(x, window.innerWidth - width - 4))}px`;
    this.#element.style.top = `${Math.max(4, top)}px`;
  }

  hide(): void {
    this.#element.hidden = true;
  }
}
