/**
 * A tab's status bar: the flow level as a coloured dot, the queue of output not yet rendered, the
 * throughput, the size, and an exited process's code or a detach. How the terminal is drawn (the
 * GPU through WebGL, or the browser's own DOM) is in the size's tooltip, in words, not as a label.
 */
import { el, setText } from './dom';
import type { ViewStatus } from './terminalView';
import { formatRate } from './throughputMeter';

const RENDERER_TOOLTIPS = {
  webgl: 'Drawn with the graphics card (WebGL).',
  dom: 'Drawn by the browser without the graphics card: here it would run in software, which is slower.',
} as const;

const LEVEL_LABELS = {
  green: 'Flow: green, keeping up',
  yellow: 'Flow: yellow, output is being coalesced',
  red: 'Flow: red, the program is paused until this view catches up',
} as const;

export class StatusBar {
  readonly element: HTMLElement;
  readonly #dot = el('span', { className: 'flow-dot', testId: 'flow-dot', attrs: { role: 'img' } });
  readonly #level = el('span', { className: 'flow-level', testId: 'flow-level' });
  readonly #queue = el('span', { className: 'queue-size', testId: 'queue-size' });
  readonly #throughput = el('span', { className: 'throughput', testId: 'throughput' });
  readonly #message = el('span', { className: 'status-message', testId: 'status-message' });
  readonly #exit = el('span', { className: 'exit-code', testId: 'exit-code' });
  readonly #size = el('span', { className: 'term-size', testId: 'term-size' });

  constructor() {
    this.element = el('div', { className: 'status-bar', testId: 'status-bar', attrs: { role: 'status' } }, [
      el('span', { className: 'flow' }, [this.#dot, this.#level]),
      this.#queue,
      this.#throughput,
      this.#message,
      this.#exit,
      el('span', { className: 'spacer' }),
      this.#size,
    ]);
    this.#exit.hidden = true;
  }

  update(status: ViewStatus): void {
    if (this.#dot.dataset['level'] !== status.level) {
      this.#dot.dataset['level'] = status.level;
      this.#dot.setAttribute('aria-label', LEVEL_LABELS[status.level]);
      this.#dot.title = LEVEL_LABELS[status.level];
    }
    setText(this.#level, status.level);
    setText(this.#queue, `queue ${status.unrendered}`);
    this.#queue.title = `${status.unrendered} output messages received and not yet rendered; the service's last count of unacknowledged messages was ${status.serviceQueue}`;
    this.#queue.dataset['serviceQueue'] = String(status.serviceQueue);
    setText(this.#throughput, formatRate(status.bytesPerSecond));
    this.#throughput.dataset['bytesPerSecond'] = String(status.bytesPerSecond);
    setText(this.#message, status.message ?? '');
    if (status.exit) {
      this.#exit.hidden = false;
      this.#exit.dataset['exitCode'] = String(status.exit.exitCode);
      setText(this.#exit, `exited with code ${status.exit.exitCode}`);
    }
    setText(this.#size, `${status.cols}×${status.rows}`);
    const tooltip = `${status.cols} columns × ${status.rows} rows. ${RENDERER_TOOLTIPS[status.renderer]}`;
    if (this.#size.title !== tooltip) this.#size.title = tooltip;
    this.#size.dataset['renderer'] = status.renderer;
  }
}
