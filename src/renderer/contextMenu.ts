/**
 * A small popup menu (the terminal's context menu, the new-tab profile menu): plain DOM, keyboard
 * and mouse, one open at a time. Closes on a choice, Escape, a click elsewhere, or the window
 * losing focus.
 */
import { el } from './dom';

export type MenuEntry =
  | {
      readonly label: string;
      readonly run: () => void;
      readonly shortcut?: string | undefined;
      readonly enabled?: boolean;
      readonly testId?: string;
    }
  | 'separator';

export class ContextMenu {
  readonly #element = el('div', { className: 'context-menu', testId: 'context-menu', attrs: { role: 'menu' } });
  #restoreFocus: HTMLElement | null = null;

  constructor() {
    this.#element.hidden = true;
    document.body.append(this.#element);
    document.addEventListener(
      'mousedown',
      (event) => {
        if (!this.#element.hidden && !this.#element.contains(event.target as Node)) this.close();
      },
      true,
    );
    window.addEventListener('blur', () => this.close());
    window.addEventListener('resize', () => this.close());
    this.#element.addEventListener('keydown', (event) => this.#key(event));
  }

  get isOpen(): boolean {
    return !this.#element.hidden;
  }

  /** Opens at (x, y), kept inside the window. */
  show(entries: readonly MenuEntry[], x: number, y: number): void {
    this.#restoreFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.#element.replaceChildren(
      ...entries.map((entry) => {
        if (entry === 'separator') return el('div', { className: 'menu-separator', attrs: { role: 'separator' } });
        const item = el(
          'button',
          {
            className: 'menu-item',
            attrs: { type: 'button', role: 'menuitem', ...(entry.testId ? { 'data-testid': entry.testId } : {}) },
          },
          [
            el('span', { className: 'menu-label', text: entry.label }),
            el('span', { className: 'menu-shortcut', text: entry.shortcut ?? '' }),
          ],
        );
        item.disabled = entry.enabled === false;
        // mousedown, not click: the menu must not take focus from the terminal before it acts.
        item.addEventListener('click', () => {
          this.close();
          entry.run();
        });
        return item;
      }),
    );
    this.#element.hidden = false;
    const { width, height } = this.#element.getBoundingClientRect();
    this.#element.style.left = `${Math.max(0, Math.min(x, window.innerWidth - width - 4))}px`;
    this.#element.style.top = `${Math.max(0, Math.min(y, window.innerHeight - height - 4))}px`;
    this.#items()[0]?.focus();
  }

  close(): void {
    if (this.#element.hidden) return;
    this.#element.hidden = true;
    this.#restoreFocus?.focus();
    this.#restoreFocus = null;
  }

  #items(): HTMLButtonElement[] {
    return [...this.#element.querySelectorAll<HTMLButtonElement>('.menu-item:not(:disabled)')];
  }

  #key(event: KeyboardEvent): void {
    const items = this.#items();
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') this.close();
    else if (event.key === 'ArrowDown') items[(index + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(index - 1 + items.length) % items.length]?.focus();
    else if (event.key === 'Home') items[0]?.focus();
    else if (event.key === 'End') items.at(-1)?.focus();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }
}
