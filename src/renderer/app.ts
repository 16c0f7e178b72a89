/**
 * The window: tabs of terminals, the commands that act on them, and the window-level events
 * (resize, page visibility, reload). The composition root (main.ts) builds one and starts it.
 */
import type { SluiceApi } from '../shared/api';
import { SluiceError } from '../shared/client';
import type { ErrorEvent } from '../shared/protocol';
import type { SluiceHost } from './bridge/host';
import type { Command } from './commands';
import { el } from './dom';
import { attachRequestFromHash, clearAttachHash, loadWindowState, saveWindowState } from './persistence';
import { SearchBar } from './searchBar';
import { SessionRouter } from './sessionRouter';
import { Tab } from './tab';
import { TabBar } from './tabBar';
import { FontSize } from './theme';
import type { TerminalView } from './terminalView';

/** Window resizes come in bursts (a drag); one fit and one PTY resize per 50 ms of quiet. */
const FIT_DEBOUNCE_MS = 50;
/** ~4 status repaints a second: the throughput reads as live without costing a frame. */
const STATUS_INTERVAL_MS = 250;
/** Until the first fit: the classic size. */
const DEFAULT_SIZE = { cols: 80, rows: 24 } as const;

export interface AppOptions {
  readonly host: SluiceHost;
  readonly root: HTMLElement;
  /** Sees each key first; returns false when the key was a command (xterm must not send it). */
  readonly keyHandler: (event: KeyboardEvent) => boolean;
}

export class App {
  readonly #host: SluiceHost;
  readonly #api: SluiceApi;
  readonly #router: SessionRouter;
  readonly #keyHandler: (event: KeyboardEvent) => boolean;
  readonly #tabs: Tab[] = [];
  #active: Tab | null = null;
  #nextKey = 1;
  #fontSize: number = FontSize.default;
  #fitTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #tabBar: TabBar;
  readonly #panes = el('div', { className: 'panes', testId: 'panes' });
  readonly #searchBar = new SearchBar();
  readonly #empty = el('div', {
    className: 'empty-state',
    testId: 'empty-state',
    text: 'No terminal open. Press Ctrl+Shift+T or + for a new tab.',
  });

  constructor(options: AppOptions) {
    this.#host = options.host;
    this.#api = options.host.sluice;
    this.#router = new SessionRouter(this.#api);
    this.#keyHandler = options.keyHandler;
    this.#tabBar = new TabBar({
      select: (key) => this.#withTab(key, (tab) => this.#activate(tab)),
      close: (key) => this.#withTab(key, (tab) => void this.#close(tab)),
      newTab: () => this.run('newTab'),
      openInNewWindow: () => this.#openInNewWindow(),
    });
    this.#empty.hidden = true;
    this.#panes.append(this.#searchBar.element, this.#empty);
    options.root.append(this.#tabBar.element, this.#panes);

    this.#api.on('error', (event) => this.#handleServiceError(event));
    new ResizeObserver(() => this.#scheduleFit()).observe(this.#panes);
    document.addEventListener('visibilitychange', () => {
      const visible = document.visibilityState === 'visible';
      this.#active?.view.setVisible(visible);
      if (visible) this.#scheduleFit();
    });
    setInterval(() => {
      if (document.visibilityState === 'visible') this.#active?.refreshStatus(performance.now());
    }, STATUS_INTERVAL_MS);
  }

  /** Reattach this window's sessions after a reload, or `#attach=N`, or start one new shell. */
  async start(): Promise<void> {
    const requested = attachRequestFromHash(location.hash);
    const stored = requested === null ? loadWindowState() : null;
    if (requested !== null) clearAttachHash();
    const wanted = requested !== null ? [requested] : (stored?.sessions ?? []);
    const existing = new Set(wanted.length > 0 ? (await this.#api.list()).map((info) => info.session) : []);
    const restore = wanted.filter((session) => existing.has(session));
    if (restore.length === 0) {
      const tab = await this.newTab();
      if (requested !== null) tab.view.notice(`session ${requested} does not exist; this is a new one`);
      return;
    }
    const activeSession = stored?.active != null && restore.includes(stored.active) ? stored.active : restore[0];
    await Promise.all(
      restore.map(async (session) => {
        const tab = this.#addTab();
        if (session === activeSession) this.#activate(tab);
        else tab.hide();
        await this.#connect(tab, session);
      }),
    );
    // Keep the tabs in their stored order (they were added in that order; attaching may finish in any).
    this.#save();
  }

  get activeView(): TerminalView | null {
    return this.#active?.view ?? null;
  }

  get views(): readonly TerminalView[] {
    return this.#tabs.map((tab) => tab.view);
  }

  /** Carries out a command from a key, a button or the Electron menu. */
  run(command: Command): void {
    const view = this.#active?.view;
    switch (command) {
      case 'newTab':
        void this.newTab();
        return;
      case 'closeTab':
        if (this.#active) void this.#close(this.#active);
        return;
      case 'nextTab':
      case 'previousTab':
        this.#cycle(command === 'nextTab' ? 1 : -1);
        return;
      case 'copy':
        if (view?.hasSelection()) navigator.clipboard.writeText(view.selection()).catch(warn('copy'));
        return;
      case 'paste':
        if (view)
          navigator.clipboard
            .readText()
            .then((text) => text && view.paste(text))
            .catch(warn('paste'));
        return;
      case 'find':
        if (view) this.#searchBar.open(view);
        return;
      case 'zoomIn':
      case 'zoomOut':
      case 'zoomReset':
        this.#zoom(command);
        return;
      case 'newWindow':
        this.#host.openWindow();
        return;
    }
  }

  async newTab(): Promise<Tab> {
    const tab = this.#addTab();
    this.#activate(tab);
    try {
      const { session } = await this.#api.create(tab.view.proposedSize() ?? DEFAULT_SIZE);
      if (!this.#tabs.includes(tab)) {
        // Closed while its shell was starting: the shell goes too.
        await this.#api.kill(session).catch(warn('kill'));
        return tab;
      }
      await this.#connect(tab, session);
    } catch (error) {
      tab.view.notice(`could not start a shell: ${error instanceof Error ? error.message : String(error)}`);
    }
    return tab;
  }

  #addTab(): Tab {
    const tab = new Tab({
      key: this.#nextKey++,
      host: this.#host,
      router: this.#router,
      container: this.#panes,
      fontSize: this.#fontSize,
      keyHandler: this.#keyHandler,
    });
    this.#tabs.push(tab);
    this.#tabBar.add(tab.key, tab.title);
    this.#empty.hidden = true;
    tab.view.onDidChangeTitle((title) => {
      tab.title = title || tab.title;
      this.#showTitle(tab);
    });
    tab.view.onDidBell(() => {
      if (tab === this.#active && document.visibilityState === 'visible') tab.flash();
      else this.#tabBar.setBell(tab.key, true);
    });
    tab.view.onDidChangeStatus(() => {
      tab.refreshStatus(performance.now());
      this.#tabBar.setExited(tab.key, tab.view.status(0).exit !== null);
    });
    return tab;
  }

  async #connect(tab: Tab, session: number): Promise<void> {
    this.#tabBar.setSession(tab.key, session);
    tab.pane.dataset['session'] = String(session);
    await tab.view.attach(session);
    this.#save();
    // The window the user is at takes the PTY to its size (tmux's `latest`).
    if (tab === this.#active) tab.view.claimSize();
    tab.refreshStatus(performance.now());
  }

  #activate(tab: Tab): void {
    if (this.#active !== tab) {
      this.#active?.hide();
      this.#active = tab;
      tab.show(document.visibilityState === 'visible');
      this.#tabBar.setActive(tab.key);
      this.#tabBar.setBell(tab.key, false);
      this.#searchBar.retarget(tab.view);
      this.#showTitle(tab);
      tab.refreshStatus(performance.now());
      this.#scheduleFit();
      this.#save();
    }
    tab.view.focus();
  }

  async #close(tab: Tab): Promise<void> {
    const index = this.#tabs.indexOf(tab);
    if (index < 0) return;
    this.#tabs.splice(index, 1);
    this.#tabBar.remove(tab.key);
    if (this.#active === tab) {
      this.#active = null;
      this.#searchBar.retarget(null);
      const next = this.#tabs[Math.min(index, this.#tabs.length - 1)];
      if (next) this.#activate(next);
    }
    const session = tab.view.session;
    tab.dispose();
    this.#save();
    if (this.#tabs.length === 0) this.#lastTabClosed();
    if (session === null) return;
    // Closing a tab ends its session (in every window showing it), then leaves it.
    await this.#api.kill(session).catch(warn('kill'));
    // The service may already have dropped us after the kill; there is nothing left to leave then.
    await this.#api.detach(session).catch(() => undefined);
  }

  #lastTabClosed(): void {
    document.title = 'Sluice';
    // An Electron window goes with its last tab; a browser tab cannot close itself, so it says so.
    if (this.#host.kind === 'electron') window.close();
    else this.#empty.hidden = false;
  }

  #cycle(step: 1 | -1): void {
    if (!this.#active || this.#tabs.length < 2) return;
    const index = this.#tabs.indexOf(this.#active);
    const next = this.#tabs[(index + step + this.#tabs.length) % this.#tabs.length];
    if (next) this.#activate(next);
  }

  #zoom(command: 'zoomIn' | 'zoomOut' | 'zoomReset'): void {
    const size = command === 'zoomReset' ? FontSize.default : this.#fontSize + (command === 'zoomIn' ? 1 : -1);
    this.#fontSize = Math.min(Math.max(size, FontSize.min), FontSize.max);
    for (const tab of this.#tabs) tab.view.setFontSize(this.#fontSize);
    this.#scheduleFit();
  }

  #openInNewWindow(): void {
    const session = this.#active?.view.session;
    if (session != null) this.#host.openWindow({ session });
  }

  #scheduleFit(): void {
    clearTimeout(this.#fitTimer);
    this.#fitTimer = setTimeout(() => {
      if (document.visibilityState === 'visible') this.#active?.view.claimSize();
    }, FIT_DEBOUNCE_MS);
  }

  #showTitle(tab: Tab): void {
    this.#tabBar.setTitle(tab.key, tab.title);
    if (tab === this.#active) document.title = `${tab.title} — Sluice`;
  }

  #save(): void {
    const sessions = this.#tabs.map((tab) => tab.view.session).filter((session) => session !== null);
    saveWindowState({ sessions, active: this.#active?.view.session ?? null });
  }

  #handleServiceError(event: ErrorEvent): void {
    console.warn(`sluice: service error ${event.code}: ${event.message}`);
    // The one error every tab must show is a lost connection, and the client is what knows: once
    // it has closed, it refuses every request. Asked after this event, when the bridge has closed it.
    setTimeout(() => {
      this.#api.list().catch((error: unknown) => {
        if (!(error instanceof SluiceError && error.code === 'closed')) return;
        for (const tab of this.#tabs) tab.view.disconnect(event.message);
      });
    });
  }

  #withTab(key: number, action: (tab: Tab) => void): void {
    const tab = this.#tabs.find((candidate) => candidate.key === key);
    if (tab) action(tab);
  }
}

/** Clipboard and kill failures are the user's to see in the console, not a reason to break the UI. */
function warn(what: string): (error: unknown) => void {
  return (error) => console.warn(`sluice: ${what} failed:`, error);
}
