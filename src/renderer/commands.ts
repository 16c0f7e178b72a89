/**
 * The commands the UI carries out, whether a key in the page, a button or Electron's menu asked.
 * The menu's are the host API's (src/shared/hostApi.ts); `newWindow` is the page's own key
 * (Ctrl+Shift+N), which main's menu item performs by itself.
 */
import type { HostCommand } from '../shared/hostApi';

export type Command = HostCommand | 'newWindow';
