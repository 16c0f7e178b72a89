/**
 * The find box (Ctrl+Shift+F): searches the active terminal's buffer as you type; Enter finds the
 * next match, Shift+Enter the previous one, Escape closes and returns focus to the terminal.
 */
import type { IDisposable } from '@xterm/xterm';
import { el, setText } from './dom';

/** What the search bar needs from a terminal view. */
export interface SearchTarget {
  findNext(text: string, incremental?: boolean): boolean;
  findPrevious(text: string): boolean;
  clearSearch(): void;
  onDidChangeSearchResults(listener: (result: { resultIndex: number; resultCount: number }) => void): IDisposable;
  focus(): void;
}

export class SearchBar {
  readonly element: HTMLElement;
  readonly #input = el('input', {
    className: 'search-input',
    testId: 'search-input',
    attrs: { type: 'text', placeholder: 'Find', 'aria-label': 'Find in terminal', spellcheck: 'false' },
  });
  readonly #count = el('span', { className: 'search-count', testId: 'search-count', attrs: { 'aria-live': 'polite' } });
  #target: SearchTarget | null = null;
  #results: IDisposable | undefined;

  constructor() {
    const button = (label: string, text: string, action: () => void): HTMLButtonElement => {
      const element = el('button', {
        className: 'search-button',
        text,
        attrs: { type: 'button', 'aria-label': label, title: label },
      });
      element.addEventListener('click', action);
      return element;
    };
    this.element = el('div', { className: 'search-bar', testId: 'search-bar', attrs: { role: 'search' } }, [
      this.#input,
      this.#count,
      button('Previous match (Shift+Enter)', '↑', () => this.#find('previous')),
      button('Next match (Enter)', '↓', () => this.#find('next')),
      button('Close (Escape)', '×', () => this.close()),
    ]);
    this.element.hidden = true;
    this.#input.addEventListener('input', () => this.#find('incremental'));
    this.#input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.#find(event.shiftKey ? 'previous' : 'next');
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /** Opens on `target` (or moves to it), with the last search text selected for typing over. */
  open(target: SearchTarget): void {
    if (this.#target !== target) this.#setTarget(target);
    this.element.hidden = false;
    this.#input.focus();
    this.#input.select();
  }

  close(): void {
    if (!this.isOpen) return;
    this.element.hidden = true;
    const target = this.#target;
    this.#setTarget(null);
    target?.focus();
  }

  /** The active tab changed: an open search follows it. */
  retarget(target: SearchTarget | null): void {
    if (!this.isOpen) return;
    if (target) this.#setTarget(target);
    else this.close();
  }

  #setTarget(target: SearchTarget | null): void {
    this.#results?.dispose();
    this.#target?.clearSearch();
    this.#target = target;
    setText(this.#count, '');
    this.#results = target?.onDidChangeSearchResults(({ resultIndex, resultCount }) => {
      // resultIndex is -1 when there are more matches than the highlight limit.
      const text =
        resultCount === 0
          ? 'No results'
          : resultIndex < 0
            ? `${resultCount}+ matches`
            : `${resultIndex + 1} of ${resultCount}`;
      setText(this.#count, text);
    });
  }

  #find(direction: 'next' | 'previous' | 'incremental'): void {
    const target = this.#target;
    const text = this.#input.value;
    if (!target) return;
    if (text === '') {
      target.clearSearch();
      setText(this.#count, '');
      return;
    }
    const found =
      direction === 'previous' ? target.findPrevious(text) : target.findNext(text, direction === 'incremental');
    if (!found) setText(this.#count, 'No results');
  }
}
