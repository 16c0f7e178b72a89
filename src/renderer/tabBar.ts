/**
 * The tab bar: one tab per terminal, a new-tab button, and "open in new window" for the active
 * tab's session. It only draws and reports clicks; the app decides what they do.
 */
import { el, setText } from './dom';

export interface TabBarActions {
  select(key: number): void;
  close(key: number): void;
  newTab(): void;
  /** The menu of profiles, opened under the ▾ button at (x, y). */
  newTabMenu(x: number, y: number): void;
  openInNewWindow(): void;
}

interface TabElements {
  readonly tab: HTMLElement;
  readonly title: HTMLElement;
}

export class TabBar {
  readonly element: HTMLElement;
  readonly #list = el('div', { className: 'tab-list', attrs: { role: 'tablist', 'aria-label': 'Terminals' } });
  readonly #tabs = new Map<number, TabElements>();
  readonly #actions: TabBarActions;

  constructor(actions: TabBarActions) {
    this.#actions = actions;
    const newTab = el('button', {
      className: 'tab-bar-button',
      testId: 'new-tab',
      text: '+',
      attrs: { type: 'button', title: 'New tab (Ctrl+Shift+T)', 'aria-label': 'New tab' },
    });
    newTab.addEventListener('click', () => actions.newTab());
    const profiles = el('button', {
      className: 'tab-bar-button narrow',
      testId: 'new-tab-menu',
      text: '▾',
      attrs: {
        type: 'button',
        title: 'New tab with a profile',
        'aria-label': 'New tab with a profile',
        'aria-haspopup': 'menu',
      },
    });
    profiles.addEventListener('click', () => {
      const box = profiles.getBoundingClientRect();
      actions.newTabMenu(box.left, box.bottom);
    });
    const openWindow = el('button', {
      className: 'tab-bar-button',
      testId: 'open-in-new-window',
      attrs: {
        type: 'button',
        title: 'Open this session in a new window',
        'aria-label': 'Open this session in a new window',
      },
    });
    openWindow.append(newWindowIcon());
    openWindow.addEventListener('click', () => actions.openInNewWindow());
    this.element = el('div', { className: 'tab-bar', testId: 'tab-bar' }, [
      this.#list,
      newTab,
      profiles,
      el('span', { className: 'spacer' }),
      openWindow,
    ]);
  }

  add(key: number, title: string): void {
    const titleElement = el('span', { className: 'tab-title', testId: 'tab-title', text: title });
    const bell = el('span', {
      className: 'tab-bell',
      testId: 'tab-bell',
      text: '🔔',
      attrs: { 'aria-label': 'rang the bell' },
    });
    const close = el('button', {
      className: 'tab-close',
      testId: 'tab-close',
      text: '×',
      attrs: { type: 'button', title: 'Close tab (Ctrl+Shift+W)', 'aria-label': 'Close tab', tabindex: '-1' },
    });
    const tab = el('div', { className: 'tab', testId: 'tab', attrs: { role: 'tab', 'aria-selected': 'false' } }, [
      bell,
      titleElement,
      close,
    ]);
    tab.title = title;
    tab.addEventListener('mousedown', (event) => {
      // Middle click closes, as in browsers; a left click selects without taking focus from the terminal.
      if (event.button === 1) this.#actions.close(key);
      else if (event.button === 0 && event.target !== close) this.#actions.select(key);
      event.preventDefault();
    });
    close.addEventListener('click', () => this.#actions.close(key));
    this.#list.append(tab);
    this.#tabs.set(key, { tab, title: titleElement });
  }

  remove(key: number): void {
    this.#tabs.get(key)?.tab.remove();
    this.#tabs.delete(key);
  }

  setSession(key: number, session: number): void {
    const tab = this.#tabs.get(key)?.tab;
    if (tab) tab.dataset['session'] = String(session);
  }

  setTitle(key: number, title: string): void {
    const elements = this.#tabs.get(key);
    if (!elements) return;
    setText(elements.title, title);
    elements.tab.title = title;
  }

  /** A background tab whose program rang the bell carries a mark until it is shown. */
  setBell(key: number, rang: boolean): void {
    this.#tabs.get(key)?.tab.classList.toggle('bell', rang);
  }

  setExited(key: number, exited: boolean): void {
    this.#tabs.get(key)?.tab.classList.toggle('exited', exited);
  }

  setActive(key: number | null): void {
    for (const [tabKey, { tab }] of this.#tabs) {
      const active = tabKey === key;
      tab.classList.toggle('active', active);
      tab.setAttribute('aria-selected', String(active));
      if (active) tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }
}

/** A window with an arrow leaving it, drawn in SVG: no font has a dependable glyph for it. */
function newWindowIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M9 2.5h4.5V7M13.5 2.5 7.5 8.5M11.5 9.5v4h-9v-9h4');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.3');
  svg.append(path);
  return svg;
}
