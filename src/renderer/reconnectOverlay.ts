/**
 * What a web-mode page shows when its server goes away: an overlay over the whole window that says
 * so, refuses keystrokes visibly (they are not sent anywhere, and the page says that rather than
 * dropping them in silence), and waits for the server, probing with a growing interval until it is
 * back; then the page reloads and reattaches (or, if the server restarted, opens fresh shells).
 */
import type { ServerProbe } from './bridge/host';
import { el, setText } from './dom';

/** The first retry comes quickly (a restart takes a second or two), later ones back off. */
const FIRST_RETRY_MS = 500;
/** Never wait longer than this between tries: a person restarting the server expects the page back at once. */
const MAX_RETRY_MS = 5000;
/** How long the "not sent" refusal stays highlighted after a keystroke. */
const REFUSAL_FLASH_MS = 1200;

export interface ReconnectOptions {
  readonly root: HTMLElement;
  readonly probe: () => Promise<ServerProbe>;
  /** The server is back and takes our token: reload into it. */
  readonly reconnect: () => void;
}

export class ReconnectOverlay {
  readonly #options: ReconnectOptions;
  readonly #element = el('div', {
    className: 'reconnect-overlay',
    testId: 'reconnect-overlay',
    attrs: { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'reconnect-title', tabindex: '-1' },
  });
  readonly #title = el('h2', {
    className: 'reconnect-title',
    testId: 'reconnect-title',
    attrs: { id: 'reconnect-title' },
  });
  readonly #detail = el('p', { className: 'reconnect-detail', testId: 'reconnect-detail' });
  readonly #status = el('p', {
    className: 'reconnect-status',
    testId: 'reconnect-status',
    attrs: { 'aria-live': 'polite' },
  });
  readonly #refused = el('p', {
    className: 'reconnect-refused',
    testId: 'reconnect-refused',
    text: 'Not connected: what you type is not sent anywhere.',
    attrs: { 'aria-live': 'assertive' },
  });
  #shown = false;
  #delay = FIRST_RETRY_MS;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ReconnectOptions) {
    this.#options = options;
    const card = el('div', { className: 'reconnect-card' }, [
      el('div', { className: 'reconnect-spinner', attrs: { 'aria-hidden': 'true' } }),
      this.#title,
      this.#detail,
      this.#status,
      this.#refused,
    ]);
    this.#element.append(card);
    this.#element.hidden = true;
    document.body.append(this.#element);
    // Capture: before the terminal or any shortcut sees the key.
    window.addEventListener(
      'keydown',
      (event) => {
        if (!this.#shown) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        this.#flashRefusal();
      },
      true,
    );
  }

  get shown(): boolean {
    return this.#shown;
  }

  show(): void {
    if (this.#shown) return;
    this.#shown = true;
    // Nothing behind the overlay takes focus or clicks: keys come to the overlay, which refuses them.
    this.#options.root.inert = true;
    setText(this.#title, 'The Sluice server stopped');
    setText(
      this.#detail,
      'This page lost its connection to the server. It will reconnect by itself as soon as the server is ' +
        'running again (npm run serve); if the server restarted, the shells that were open here have ended ' +
        'and fresh ones will be opened.',
    );
    this.#element.hidden = false;
    this.#element.focus();
    this.#schedule();
  }

  #schedule(): void {
    setText(this.#status, `Waiting for the server… next try in ${Math.round(this.#delay / 100) / 10} s`);
    setTimeout(() => void this.#try(), this.#delay);
    this.#delay = Math.min(this.#delay * 2, MAX_RETRY_MS);
  }

  async #try(): Promise<void> {
    setText(this.#status, 'Trying to reach the server…');
    const result = await this.#options.probe();
    if (result === 'back') {
      setText(this.#status, 'The server is back. Reconnecting…');
      this.#options.reconnect();
      return;
    }
    if (result === 'refused') {
      setText(this.#title, 'The server is back, but refuses this page');
      setText(
        this.#detail,
        'It no longer accepts the token in this page’s address (it was started with --new-token or another ' +
          '--token-file). Open the URL it printed; this page keeps trying in case the old token returns.',
      );
    }
    this.#schedule();
  }

  #flashRefusal(): void {
    this.#refused.classList.remove('flash');
    void this.#refused.offsetWidth; // restart the animation
    this.#refused.classList.add('flash');
    this.#refused.dataset['shown'] = 'true';
    clearTimeout(this.#flashTimer);
    this.#flashTimer = setTimeout(() => this.#refused.classList.remove('flash'), REFUSAL_FLASH_MS);
  }
}
