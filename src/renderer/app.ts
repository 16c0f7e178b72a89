/**
 * The window: tabs of terminals, the commands that act on them, the settings as they apply to the
 * window, and the window-level events (resize, page visibility, reload, a lost server). The
 * composition root (main.ts) builds one and starts it.
 */
import type { SluiceApi } from '../shared/api';
import { SluiceError } from '../shared/client';
import type { ErrorEvent } from '../shared/protocol';
import { defaultProfileOf, FontSizeLimits, type Profile, type Settings } from '../shared/settings/settingsSchema';
import { appearanceOf, resolveTheme } from '../shared/settings/themes';
import { beep } from './bell';
import type { SluiceHost } from './bridge/host';
import type { Command } from './commands';
import { ContextMenu, type MenuEntry } from './contextMenu';
import { confirmDialog, showShortcuts } from './dialogs';
import { el } from './dom';
import { shortcutLabel } from './keys';
import { LinkTooltip } from './linkTooltip';
import {
  attachRequestFromHash,
  clearAttachHash,
  loadLastZoom,
  loadWindowState,
  markReconnect,
  saveWindowState,
  takeReconnectMark,
} from './persistence';
import { ReconnectOverlay } from './reconnectOverlay';
import { SearchBar } from './searchBar';
import { SessionRouter } from './sessionRouter';
import { SettingsNotice } from './settingsNotice';
import { SettingsPage } from './settingsPage';
import { Tab } from './tab';
import { TabBar } from './tabBar';
import { isWebUrl, type LinkHandlers, type TerminalLook } from './terminalFactory';
import type { TerminalView } from './terminalView';

/** Window resizes come in bursts (a drag); one fit and one PTY resize per 50 ms of quiet. */
const FIT_DEBOUNCE_MS = 50;
/** ~4 status repaints a second: the throughput reads as live without costing a frame. */
const STATUS_INTERVAL_MS = 250;
/** Until the first fit: the classic size. */
const DEFAULT_SIZE = { cols: 80, rows: 24 } as const;
/**
 * Titles change when the foreground program does; the list that says which tabs run a program (for
 * the browser's leave-page question) is refreshed once things settle, not on every change.
 */
const BUSY_REFRESH_MS = 300;
/**
 * The busy list is also refreshed this often while the page is visible: a title event is the usual
 * trigger, but a program that starts and keeps the shell's title must not slip past the question.
 */
const BUSY_POLL_MS = 2000;
/** Long enough to read two sentences; the toast also has a close button. */
const TOAST_MS = 12_000;

export interface AppOptions {
  readonly host: SluiceHost;
  readonly root: HTMLElement;
  /** Sees each key first; returns false when the key was a command (xterm must not send it). */
  readonly keyHandler: (event: KeyboardEvent) => boolean;
}

/** Which profile a new tab runs: `undefined` the default one, `null` the login shell. */
type ProfileChoice = Profile | null | undefined;

/** macOS opens links with Cmd+click (Ctrl+click is its right click there). */
const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);

export class App {
  readonly #host: SluiceHost;
  readonly #api: SluiceApi;
  readonly #router: SessionRouter;
  readonly #keyHandler: (event: KeyboardEvent) => boolean;
  readonly #root: HTMLElement;
  readonly #tabs: Tab[] = [];
  #active: Tab | null = null;
  #nextKey = 1;
  /** Font-size steps this window adds to the settings' size (Ctrl+= / Ctrl+-). */
  #zoom = 0;
  #fitTimer: ReturnType<typeof setTimeout> | undefined;
  #busyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Programs running in this window's tabs, as last listed (for the browser's leave-page question). */
  #busy: string[] = [];
  readonly #colorScheme = matchMedia('(prefers-color-scheme: dark)');
  #overlay: ReconnectOverlay | undefined;

  readonly #tabBar: TabBar;
  readonly #panes = el('div', { className: 'panes', testId: 'panes' });
  readonly #searchBar = new SearchBar();
  readonly #notice: SettingsNotice;
  readonly #settingsPage: SettingsPage;
  readonly #menu = new ContextMenu();
  readonly #tooltip = new LinkTooltip();
  readonly #empty = el('div', {
    className: 'empty-state',
    testId: 'empty-state',
    text: 'No terminal open. Press Ctrl+Shift+T (Alt+Shift+T in a browser) or + for a new tab.',
  });

  constructor(options: AppOptions) {
    this.#host = options.host;
    this.#api = options.host.sluice;
    this.#root = options.root;
    this.#router = new SessionRouter(this.#api);
    this.#keyHandler = options.keyHandler;
    this.#tabBar = new TabBar({
      select: (key) => this.#withTab(key, (tab) => this.#activate(tab)),
      close: (key) => this.#withTab(key, (tab) => void this.#requestClose(tab)),
      newTab: () => this.run('newTab'),
      newTabMenu: (x, y) => this.#menu.show(this.#newTabEntries(), x, y),
      openInNewWindow: () => this.#openInNewWindow(),
    });
    this.#notice = new SettingsNotice(() => this.run('openSettings'));
    this.#settingsPage = new SettingsPage({
      settings: options.host.settings,
      onClose: () => this.#active?.view.focus(),
    });
    this.#empty.hidden = true;
    this.#panes.append(this.#searchBar.element, this.#empty);
    options.root.append(this.#tabBar.element, this.#notice.element, this.#panes);

    this.#api.on('error', (event) => this.#handleServiceError(event));
    this.#host.onDidDisconnect(() => this.#serverLost());
    this.#host.settings.onDidChange(() => this.#applySettings());
    this.#colorScheme.addEventListener('change', () => {
      this.#host.settings.reportColorScheme(this.#colorScheme.matches);
      this.#applySettings();
    });
    this.#host.settings.reportColorScheme(this.#colorScheme.matches);
    new ResizeObserver(() => this.#scheduleFit()).observe(this.#panes);
    document.addEventListener('visibilitychange', () => {
      const visible = document.visibilityState === 'visible';
      this.#active?.view.setVisible(visible);
      if (!visible) return;
      this.#scheduleFit();
      // A bell that rang while the window was hidden marked the active tab; now it is seen.
      if (this.#active) this.#tabBar.setBell(this.#active.key, false);
    });
    window.addEventListener('beforeunload', (event) => {
      // A browser tab closing (or reloading) with a program running: the browser asks, in its own
      // words. Electron's window asks in main, naming the programs (src/main/desktop/closeGuard.ts).
      if (this.#host.kind === 'web' && this.settings.confirmBeforeClose && this.#busy.length > 0) {
        event.preventDefault();
        event.returnValue = true;
      }
    });
    setInterval(() => {
      if (document.visibilityState === 'visible') this.#active?.refreshStatus(performance.now());
    }, STATUS_INTERVAL_MS);
    setInterval(() => {
      if (document.visibilityState === 'visible' && !this.#overlay?.shown) this.#refreshBusySoon();
    }, BUSY_POLL_MS);
    this.#applySettings();
  }

  get settings(): Settings {
    return this.#host.settings.state.settings;
  }

  /** Reattach this window's sessions after a reload, or `#attach=N`, or start one new shell. */
  async start(): Promise<void> {
    const requested = attachRequestFromHash(location.hash);
    const stored = requested === null ? loadWindowState() : null;
    const reconnected = takeReconnectMark();
    if (requested !== null) clearAttachHash();
    this.#zoom = stored?.zoom ?? loadLastZoom();
    this.#applySettings();
    const wanted = requested !== null ? [requested] : (stored?.sessions ?? []);
    const existing = new Set(wanted.length > 0 ? (await this.#api.list()).map((info) => info.session) : []);
    // After a server restart every tab comes back, with a fresh shell where the old one ended.
    const plan = wanted.filter((session) => reconnected || existing.has(session));
    if (plan.length === 0) {
      const tab = await this.newTab();
      if (requested !== null) tab.view.notice(`session ${requested} does not exist; this is a new one`);
      if (reconnected && wanted.length === 0) this.#toast('Reconnected to the Sluice server.');
      return;
    }
    const activeSession = stored?.active != null && plan.includes(stored.active) ? stored.active : plan[0];
    let fresh = 0;
    // Tabs are added in stored order, synchronously, so they keep it whatever order attaching ends in.
    await Promise.all(
      plan.map(async (session) => {
        const tab = this.#addTab();
        if (session === activeSession) this.#activate(tab);
        else tab.hide();
        if (existing.has(session)) {
          await this.#connect(tab, session);
        } else {
          fresh++;
          await this.#spawnInto(tab, undefined);
          tab.view.notice('the Sluice server restarted: the shell that was here ended; this is a new one');
        }
      }),
    );
    this.#save();
    if (reconnected) {
      this.#toast(
        fresh > 0
          ? `The Sluice server restarted. The shells that were open here ended, so ${fresh === 1 ? 'a fresh one was' : `${fresh} fresh ones were`} opened in their tabs.`
          : 'Reconnected to the Sluice server; every shell was still running.',
      );
    }
  }

  /** Programs running in this window's tabs, as last listed. */
  get busyPrograms(): readonly string[] {
    return this.#busy;
  }

  get activeView(): TerminalView | null {
    return this.#active?.view ?? null;
  }

  get views(): readonly TerminalView[] {
    return this.#tabs.map((tab) => tab.view);
  }

  /** The look new and existing terminals get: the settings, this window's zoom and the system scheme. */
  get look(): TerminalLook {
    const settings = this.settings;
    return {
      fontFamily: settings.fontFamily,
      fontSize: clampFontSize(settings.fontSize + this.#zoom),
      lineHeight: settings.lineHeight,
      theme: resolveTheme(settings, this.#colorScheme.matches),
      cursorStyle: settings.cursorStyle,
      cursorBlink: settings.cursorBlink,
      scrollback: settings.scrollback,
    };
  }

  /** Carries out a command from a key, a button, a menu or the Electron menu. */
  run(command: Command): void {
    // A dialog (settings, a question, the shortcuts) has the keyboard: commands wait for it.
    if (document.querySelector('dialog[open]') || this.#overlay?.shown) return;
    const view = this.#active?.view;
    switch (command) {
      case 'newTab':
        void this.newTab();
        return;
      case 'closeTab':
        if (this.#active) void this.#requestClose(this.#active);
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
      case 'selectAll':
        view?.selectAll();
        return;
      case 'clear':
        view?.clear();
        view?.focus();
        return;
      case 'find':
        if (view) this.#searchBar.open(view);
        return;
      case 'zoomIn':
      case 'zoomOut':
      case 'zoomReset':
        this.#zoomBy(command);
        return;
      case 'newWindow':
        this.#host.openWindow();
        return;
      case 'openSettings':
        this.#menu.close();
        this.#settingsPage.open();
        return;
      case 'showShortcuts':
        this.#menu.close();
        showShortcuts({ inBrowser: this.#host.kind === 'web', onClose: () => this.#active?.view.focus() });
        return;
    }
  }

  /** A new tab running `profile` (default: the settings' default profile, else the login shell). */
  async newTab(profile?: Profile | null): Promise<Tab> {
    const tab = this.#addTab();
    this.#activate(tab);
    await this.#spawnInto(tab, profile);
    return tab;
  }

  async #spawnInto(tab: Tab, choice: ProfileChoice): Promise<void> {
    const profile = choice === undefined ? defaultProfileOf(this.settings) : choice;
    try {
      const size = tab.view.proposedSize() ?? DEFAULT_SIZE;
      const { session } = await this.#api.create(
        profile
          ? {
              shell: profile.shell,
              args: profile.args,
              env: profile.env,
              ...(profile.cwd ? { cwd: profile.cwd } : {}),
              ...size,
            }
          : size,
      );
      if (!this.#tabs.includes(tab)) {
        // Closed while its shell was starting: the shell goes too.
        await this.#api.kill(session).catch(warn('kill'));
        return;
      }
      if (profile) tab.title = profile.name;
      this.#showTitle(tab);
      await this.#connect(tab, session);
    } catch (error) {
      tab.view.notice(
        `could not start ${profile ? `the profile "${profile.name}"` : 'a shell'}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  #addTab(): Tab {
    const tab = new Tab({
      key: this.#nextKey++,
      api: this.#api,
      router: this.#router,
      container: this.#panes,
      look: this.look,
      links: this.#links,
      keyHandler: this.#keyHandler,
      onContextMenu: (event) => this.#contextMenu(event),
    });
    this.#tabs.push(tab);
    this.#tabBar.add(tab.key, tab.title);
    this.#empty.hidden = true;
    tab.view.onDidChangeTitle((title) => {
      tab.title = title || tab.title;
      this.#showTitle(tab);
      this.#refreshBusySoon();
    });
    tab.view.onDidBell(() => this.#bell(tab));
    tab.view.onDidSelect((text) => {
      if (this.settings.copyOnSelect) navigator.clipboard.writeText(text).catch(warn('copy on select'));
    });
    tab.view.onDidChangeStatus(() => {
      tab.refreshStatus(performance.now());
      this.#tabBar.setExited(tab.key, tab.view.status(0).exit !== null);
      this.#refreshBusySoon();
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

  /**
   * Closing a tab whose shell runs a program asks first, naming it (as GNOME Terminal does); an
   * idle shell, or an exited one, closes at once.
   */
  async #requestClose(tab: Tab): Promise<void> {
    if (tab.closing) return;
    const session = tab.view.session;
    if (this.settings.confirmBeforeClose && session !== null) {
      tab.closing = true;
      const info = (await this.#api.list({ fresh: true }).catch(() => [])).find(
        (candidate) => candidate.session === session,
      );
      let close = true;
      if (info?.busy && info.exited === null) {
        close = await confirmDialog({
          title: 'Close this tab?',
          message: `“${info.process}” is still running in this tab. Closing the tab ends it.`,
          confirm: 'Close tab',
          testId: 'close-dialog',
        });
      }
      tab.closing = false;
      if (!close) {
        if (tab === this.#active) tab.view.focus();
        return;
      }
    }
    await this.#close(tab);
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

  #zoomBy(command: 'zoomIn' | 'zoomOut' | 'zoomReset'): void {
    const base = this.settings.fontSize;
    const size = command === 'zoomReset' ? base : this.look.fontSize + (command === 'zoomIn' ? 1 : -1);
    this.#zoom = clampFontSize(size) - base;
    this.#applyLook();
    this.#save();
  }

  /** The settings changed (or the system's scheme, or a zoom): every terminal and the chrome follow. */
  #applySettings(): void {
    const look = this.#applyLook();
    const appearance = appearanceOf(look.theme);
    const root = document.documentElement;
    root.dataset['appearance'] = appearance;
    root.style.setProperty('--term-bg', look.theme.background);
    root.style.colorScheme = appearance;
    this.#notice.update(this.#host.settings.state);
  }

  #applyLook(): TerminalLook {
    const look = this.look;
    for (const tab of this.#tabs) tab.view.applyLook(look);
    this.#scheduleFit();
    return look;
  }

  /** The bell, as the settings say: a flash in view, a mark on a background tab, or a tone. */
  #bell(tab: Tab): void {
    const mode = this.settings.bell;
    if (mode === 'none') return;
    if (mode === 'sound') beep();
    const inView = tab === this.#active && document.visibilityState === 'visible';
    if (!inView) this.#tabBar.setBell(tab.key, true);
    else if (mode === 'visual') tab.flash();
  }

  readonly #links: LinkHandlers = {
    activate: (event, uri) => {
      const mode = this.settings.linkActivation;
      if (mode === 'off' || !isWebUrl(uri)) return;
      // A plain click selects text as everywhere else; only the modifier opens (VS Code, GNOME Terminal).
      if (mode === 'modifierClick' && !(IS_MAC ? event.metaKey : event.ctrlKey)) return;
      event.preventDefault();
      this.#tooltip.hide();
      this.#host.openExternal(uri);
    },
    hover: (event, uri) => {
      const mode = this.settings.linkActivation;
      const hint = !isWebUrl(uri)
        ? 'only http and https links open'
        : mode === 'off'
          ? 'links are off in the settings'
          : mode === 'click'
            ? 'click to open'
            : `${IS_MAC ? 'Cmd' : 'Ctrl'}+click to open`;
      this.#tooltip.show(uri, hint, event.clientX, event.clientY);
    },
    leave: () => this.#tooltip.hide(),
  };

  #contextMenu(event: MouseEvent): void {
    if (this.settings.rightClick === 'paste') {
      this.run('paste');
      return;
    }
    const view = this.#active?.view;
    const web = this.#host.kind === 'web';
    const key = (command: Command): string | undefined => shortcutLabel(command, web);
    const entries: MenuEntry[] = [
      {
        label: 'Copy',
        shortcut: key('copy'),
        enabled: view?.hasSelection() ?? false,
        run: () => this.run('copy'),
        testId: 'menu-copy',
      },
      { label: 'Paste', shortcut: key('paste'), run: () => this.run('paste'), testId: 'menu-paste' },
      { label: 'Select all', shortcut: key('selectAll'), run: () => this.run('selectAll'), testId: 'menu-select-all' },
      { label: 'Clear', run: () => this.run('clear'), testId: 'menu-clear' },
      'separator',
      { label: 'Find…', shortcut: key('find'), run: () => this.run('find'), testId: 'menu-find' },
      'separator',
      ...this.#newTabEntries(),
      'separator',
      {
        label: 'Settings…',
        shortcut: key('openSettings'),
        run: () => this.run('openSettings'),
        testId: 'menu-settings',
      },
      {
        label: 'Keyboard shortcuts',
        shortcut: key('showShortcuts'),
        run: () => this.run('showShortcuts'),
        testId: 'menu-shortcuts',
      },
    ];
    this.#menu.show(entries, event.clientX, event.clientY);
  }

  /** "New tab" with each profile, the default first; the login shell is always one of them. */
  #newTabEntries(): MenuEntry[] {
    const settings = this.settings;
    const shortcut = shortcutLabel('newTab', this.#host.kind === 'web');
    const preferred = defaultProfileOf(settings);
    const choices: Array<Profile | null> = [preferred, ...settings.profiles.filter((p) => p !== preferred)];
    if (preferred !== null) choices.push(null);
    return choices.map((profile, index) => ({
      label: `New tab: ${profile ? profile.name : 'login shell'}`,
      shortcut: index === 0 ? shortcut : undefined,
      run: () => void this.newTab(profile),
      testId: `menu-new-tab-${profile ? profile.name : 'login-shell'}`,
    }));
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
    saveWindowState({ sessions, active: this.#active?.view.session ?? null, zoom: this.#zoom });
    this.#host.setWindowSessions(sessions);
  }

  #refreshBusySoon(): void {
    clearTimeout(this.#busyTimer);
    this.#busyTimer = setTimeout(() => {
      const mine = new Set(this.#tabs.map((tab) => tab.view.session));
      this.#api.list().then(
        (sessions) => {
          this.#busy = sessions
            .filter((info) => mine.has(info.session) && info.busy && info.exited === null)
            .map((info) => info.process);
        },
        () => undefined, // the connection is gone: nothing is running here any more
      );
    }, BUSY_REFRESH_MS);
  }

  /** Web mode's server went away: say so over everything, and come back when it does. */
  #serverLost(): void {
    this.#menu.close();
    this.#settingsPage.close();
    this.#busy = [];
    for (const tab of this.#tabs) tab.view.disconnect('the connection to the Sluice server was lost');
    this.#overlay ??= new ReconnectOverlay({
      root: this.#root,
      probe: () => this.#host.probeServer(),
      reconnect: () => {
        markReconnect();
        location.reload();
      },
    });
    this.#overlay.show();
  }

  #toast(text: string): void {
    const close = el('button', {
      className: 'toast-close',
      text: '×',
      attrs: { type: 'button', 'aria-label': 'Dismiss' },
    });
    const toast = el('div', { className: 'toast', testId: 'toast', attrs: { role: 'status' } }, [
      el('span', { text }),
      close,
    ]);
    close.addEventListener('click', () => toast.remove());
    document.body.append(toast);
    setTimeout(() => toast.remove(), TOAST_MS);
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

function clampFontSize(size: number): number {
  return Math.min(Math.max(size, FontSizeLimits.min), FontSizeLimits.max);
}

/** Clipboard and kill failures are the user's to see in the console, not a reason to break the UI. */
function warn(what: string): (error: unknown) => void {
  return (error) => console.warn(`sluice: ${what} failed:`, error);
}
