/**
 * A tab: its pane (terminal above, status bar below) and the terminal view bound to one session.
 * Panes are stacked in one place and hidden with `visibility`, not `display: none`, so a
 * background tab keeps its layout: xterm can measure its font and the fit addon its size.
 */
import type { SluiceApi } from '../shared/api';
import { el } from './dom';
import type { SessionRouter } from './sessionRouter';
import { SizeBar } from './sizeBar';
import { StatusBar } from './statusBar';
import type { LinkHandlers, TerminalLook } from './terminalFactory';
import { TerminalView } from './terminalView';

export interface TabOptions {
  readonly key: number;
  readonly api: SluiceApi;
  readonly router: SessionRouter;
  readonly container: HTMLElement;
  readonly look: TerminalLook;
  readonly links: LinkHandlers;
  readonly keyHandler: (event: KeyboardEvent) => boolean;
  /** A right click in the terminal (the app opens its menu, or pastes). */
  readonly onContextMenu: (event: MouseEvent) => void;
}

export class Tab {
  readonly key: number;
  readonly pane: HTMLElement;
  readonly view: TerminalView;
  readonly statusBar = new StatusBar();
  readonly sizeBar: SizeBar;
  /** The session's title as the service names it (the foreground program, or the program's OSC title). */
  title = 'shell';
  /** A close is being asked about: a second close request waits for that answer. */
  closing = false;

  constructor(options: TabOptions) {
    this.key = options.key;
    const host = el('div', { className: 'terminal-host', testId: 'terminal' });
    this.sizeBar = new SizeBar(() => {
      this.view.claimSize();
      this.view.focus();
    });
    this.pane = el('div', { className: 'pane', testId: 'pane', attrs: { role: 'tabpanel' } }, [
      this.sizeBar.element,
      host,
      this.statusBar.element,
    ]);
    options.container.append(this.pane);
    this.view = new TerminalView({
      api: options.api,
      router: options.router,
      parent: host,
      look: options.look,
      links: options.links,
      keyHandler: options.keyHandler,
    });
    host.addEventListener('contextmenu', (event) => {
      event.preventDefault();
      options.onContextMenu(event);
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
    const status = this.view.status(now);
    this.statusBar.update(status);
    this.sizeBar.update(status.foreignSize);
  }

  /** The bell rang while the tab is in view: a short flash of the terminal. */
  flash(): void {
    this.pane.classList.remove('bell-flash');
    // Restart the animation: a reflow between removing and adding the class.
    void this.pane.offsetWidth;
    this.pane.classList.add('bell-flash');
  }

  dispose(): void {
    this.view.dispose();
    this.pane.remove();
  }
}
