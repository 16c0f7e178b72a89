import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../src/main/desktop/menu';
import type { HostCommand } from '../../src/shared/hostApi';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (command: HostCommand) => calls.push(command),
    newWindow: () => calls.push('newWindow'),
    reload: () => calls.push('reload'),
    toggleDevTools: () => calls.push('toggleDevTools'),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

/** Clicks the item with this accelerator and returns what it did. */
function press(template: MenuItemConstructorOptions[], accelerator: string, calls: string[]): string | undefined {
  const item = flatten(template).find((i) => i.accelerator === accelerator);
  if (!item?.click) return undefined;
  calls.length = 0;
  (item.click as () => void)();
  return calls[0];
}

const SHORTCUTS: Array<[string, string]> = [
  ['Ctrl+Shift+T', 'newTab'],
  ['Ctrl+Shift+W', 'closeTab'],
  ['Ctrl+Tab', 'nextTab'],
  ['Ctrl+Shift+Tab', 'previousTab'],
  ['Ctrl+PageDown', 'nextTab'],
  ['Ctrl+PageUp', 'previousTab'],
  ['Ctrl+Shift+N', 'newWindow'],
  ['Ctrl+Shift+C', 'copy'],
  ['Ctrl+Shift+V', 'paste'],
  ['Ctrl+Shift+A', 'selectAll'],
  ['Ctrl+,', 'openSettings'],
  ['F1', 'showShortcuts'],
  ['Ctrl+Shift+F', 'find'],
  ['Ctrl+=', 'zoomIn'],
  ['Ctrl+-', 'zoomOut'],
  ['Ctrl+0', 'zoomReset'],
  ['CmdOrCtrl+R', 'reload'],
  ['Ctrl+Shift+I', 'toggleDevTools'],
  ['Ctrl+Shift+Q', 'quit'],
];

describe('buildMenuTemplate', () => {
  for (const platform of ['linux', 'win32'] as const) {
    it(`has every shortcut of the spec on ${platform}, each doing its command`, () => {
      const { calls, actions } = recorder();
      const template = buildMenuTemplate(actions, platform);
      for (const [accelerator, expected] of SHORTCUTS) {
        expect(press(template, accelerator, calls), accelerator).toBe(expected);
      }
    });
  }

  it('leaves the page-bound shortcuts to the page and registers only main-only ones', () => {
    const { actions } = recorder();
    const items = flatten(buildMenuTemplate(actions, 'linux')).filter((i) => i.accelerator);
    const registered = items.filter((i) => i.registerAccelerator !== false).map((i) => i.accelerator);
    expect(registered.sort()).toEqual(['CmdOrCtrl+R', 'Ctrl+Shift+I', 'Ctrl+Shift+Q']);
  });

  it('never takes a bare Ctrl+letter the shell needs (Ctrl+C, Ctrl+V, Ctrl+W, Ctrl+Q, ...), except the spec’s reload', () => {
    const { actions } = recorder();
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const accelerators = flatten(buildMenuTemplate(actions, platform)).flatMap((i) =>
        typeof i.accelerator === 'string' ? [i.accelerator] : [],
      );
      const bare = accelerators.filter((a) => /^(Ctrl|CmdOrCtrl)\+[A-Z]$/.test(a));
      expect(bare, platform).toEqual(['CmdOrCtrl+R']);
    }
  });

  it('uses no role that brings a default accelerator (close = Ctrl+W, quit = Ctrl+Q) outside macOS', () => {
    const { actions } = recorder();
    const roles = flatten(buildMenuTemplate(actions, 'linux')).flatMap((i) => (i.role ? [i.role] : []));
    expect(roles).toEqual([]);
  });

  it('on macOS starts with the app menu (Cmd+Q) and still has every page shortcut', () => {
    const { calls, actions } = recorder();
    const template = buildMenuTemplate(actions, 'darwin');
    expect(template[0]?.role).toBe('appMenu');
    for (const [accelerator, expected] of SHORTCUTS.filter(([a]) => a !== 'Ctrl+Shift+I' && a !== 'Ctrl+Shift+Q')) {
      expect(press(template, accelerator, calls), accelerator).toBe(expected);
    }
    expect(press(template, 'Alt+Cmd+I', calls)).toBe('toggleDevTools');
  });
});
