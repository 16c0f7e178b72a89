/**
 * The bar a view shows when another window sized its session (tmux's `latest` policy: the PTY has
 * one size, the last window typed in or focused sets it). Without it, a smaller window silently cut
 * off the bottom of vim; now it says so, and one click takes the size for this window.
 */
import { el, setText } from './dom';
import type { ViewStatus } from './terminalView';

export class SizeBar {
  readonly element: HTMLElement;
  readonly #text = el('span', { className: 'size-bar-text', testId: 'size-bar-text' });

  constructor(fitHere: () => void) {
    const button = el('button', {
      className: 'size-bar-button',
      testId: 'size-bar-fit',
      text: 'Fit to this window',
      attrs: { type: 'button', title: 'Resize the session to this window (the other windows follow)' },
    });
    button.addEventListener('click', fitHere);
    this.element = el('div', { className: 'size-bar', testId: 'size-bar', attrs: { role: 'status' } }, [
      this.#text,
      button,
    ]);
    this.element.hidden = true;
  }

  update(foreign: ViewStatus['foreignSize']): void {
    this.element.hidden = foreign === null;
    if (!foreign) return;
    const size = `${foreign.cols}×${foreign.rows}`;
    setText(
      this.#text,
      foreign.clipped
        ? `Another window sized this session to ${size}; part of it is cut off here.`
        : `Another window sized this session to ${size}; it does not fill this window.`,
    );
  }
}
