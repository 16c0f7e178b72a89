/**
 * The application menu, as a pure function of what its items do.
 *
 * Page commands (tabs, copy/paste, find, zoom, new window) are bound to their keys by the page
 * itself (src/renderer/keys.ts), in Electron and web mode alike, because only the page knows
 * whether a key should reach the shell. Their menu accelerators are therefore shown but not
 * registered (`registerAccelerator: false`): a registered accelerator would run the command a
 * second time wherever Chromium resolves menu shortcuts next to the page's own handler. A click on
 * such an item sends the command to the focused page. Reload, DevTools and Quit are main's alone,
 * so their accelerators are registered.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { HostCommand } from '../../shared/hostApi';

export interface MenuActions {
  /** Send a command to the focused window's page. */
  command(command: HostCommand): void;
  newWindow(): void;
  /** Reload the focused window: its page reattaches, its sessions live on. */
  reload(): void;
  toggleDevTools(): void;
  quit(): void;
}

/** A menu item for a command the page binds itself: shortcut shown, key left to the page. */
function pageCommand(label: string, accelerator: string, run: () => void, visible = true): MenuItemConstructorOptions {
  return { label, accelerator, registerAccelerator: false, visible, click: () => run() };
}

export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const send = (command: HostCommand) => () => actions.command(command);
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const shell: MenuItemConstructorOptions = {
    label: 'Shell',
    submenu: [
      pageCommand('New Tab', 'Ctrl+Shift+T', send('newTab')),
      pageCommand('New Window', 'Ctrl+Shift+N', () => actions.newWindow()),
      separator,
      pageCommand('Close Tab', 'Ctrl+Shift+W', send('closeTab')),
      // Ctrl+Q is XON in a terminal: quitting takes Shift too (macOS keeps its Cmd+Q in the app menu).
      ...(mac ? [] : [separator, { label: 'Quit', accelerator: 'Ctrl+Shift+Q', click: () => actions.quit() }]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      // Plain Ctrl+C/V belong to the shell (interrupt, literal next): the terminal's are shifted.
      pageCommand('Copy', 'Ctrl+Shift+C', send('copy')),
      pageCommand('Paste', 'Ctrl+Shift+V', send('paste')),
      separator,
      pageCommand('Select All', 'Ctrl+Shift+A', send('selectAll')),
      // No key: Ctrl+L (the shell's own clear) and the context menu cover it.
      { label: 'Clear', click: send('clear') },
      separator,
      pageCommand('Find', 'Ctrl+Shift+F', send('find')),
      separator,
      pageCommand('Settings…', 'Ctrl+,', send('openSettings')),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      pageCommand('Next Tab', 'Ctrl+Tab', send('nextTab')),
      pageCommand('Previous Tab', 'Ctrl+Shift+Tab', send('previousTab')),
      // The alternative bindings, listed (hidden) so the menu documents every shortcut the page has.
      pageCommand('Next Tab', 'Ctrl+PageDown', send('nextTab'), false),
      pageCommand('Previous Tab', 'Ctrl+PageUp', send('previousTab'), false),
      separator,
      pageCommand('Zoom In', 'Ctrl+=', send('zoomIn')),
      pageCommand('Zoom Out', 'Ctrl+-', send('zoomOut')),
      pageCommand('Reset Zoom', 'Ctrl+0', send('zoomReset')),
      separator,
      { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: () => actions.reload() },
      {
        label: 'Toggle Developer Tools',
        accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I',
        click: () => actions.toggleDevTools(),
      },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    submenu: [pageCommand('Keyboard Shortcuts', 'F1', send('showShortcuts'))],
  };
  return [...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []), shell, edit, view, help];
}
