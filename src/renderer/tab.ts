/**
 * A tab: its pane (terminal above, status bar below) and the terminal view bound to one session.
 * Panes are stacked in one place and hidden with `visibility`, not `display: none`, so a
 * background tab keeps its layout: xterm can measure its font and the fit addon its size.
 */
import { el } from './dom';
import type { SluiceHost } from './bridge/host';
import type { SessionRouter } from './sessionRouter';
import { StatusBar } from './statusBar';
import { TerminalView } from './terminalView';

export interface TabOptions {
  readonly key: number;
  readonly host: SluiceHost;
  readonly router: SessionRouter;
  readonly container: HTMLElement;
  readonly fontSize: number;
  readonly keyHandler: (event: KeyboardEvent) => boolean;
}

export class Tab {
  readonly key: number;
  readonly pane: HTMLElement;
  readonly view: TerminalView;
  readonly statusBar = new StatusBar();
  /** Set by OSC 0/2; until then the session's process name. */
  title = 'shell';
  titleFromProgram = false;

  constructor(options: TabOptions) {
    this.key = options.key;
    const host = el('div', { className: 'terminal-host', testId: 'terminal' });
    this.pane = el('div', { className: 'pane', testId: 'pane', attrs: { role: 'tabpanel' } }, [
      host,
      this.statusBar.element,
    ]);
    options.container.append(this.pane);
    this.view = new TerminalView({
      host: options.host,
      router: options.router,
      parent: host,
      fontSize: options.fontSize,
      keyHandler: options.keyHandler,
    });
  }

  get active(): boolean {
    return this.pane.classList.contains('active');
  }

  /** Shown in the window; the view is live only while the page itself is visible too. */
  show(pageVisible: boolean): void {
    this.pane.classList.add('active');
    this.view.setVisible(pageVisible);
  }

  hide(): void {
    this.pane.classList.remove('active');
    this.view.setVisible(false);
  }

  refreshStatus(now: number): void {
    this.statusBar.update(this.view.status(now));
  }

  dispose(): void {
    this.view.dispose();
    this.pane.remove();
  }
}
