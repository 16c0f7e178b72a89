/**
 * The bare page: xterm.js 6 on its DOM renderer, no addons, fed straight from the socket, input
 * straight back. Font, font size and theme are Sluice's own (src/renderer/theme.ts); size,
 * scrollback and cursor come from the URL, set by the bench from bench/terminalSettings.ts and
 * from the size Sluice's page chose, so both terminals have the same cells.
 *
 *   /?cols=N&rows=N&scrollback=N&blink=0|1
 */
import '@xterm/xterm/css/xterm.css';
import { Terminal } from '@xterm/xterm';
import { FONT_FAMILY, FontSize, TERMINAL_THEME } from '../../../src/renderer/theme';
import type { BareInput } from '../bareMessages';

const query = new URLSearchParams(location.search);
function positive(name: string): number {
  const value = Number(query.get(name));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`the bare page needs ?${name}=N`);
  return value;
}

const cols = positive('cols');
const rows = positive('rows');
const terminal = new Terminal({
  fontFamily: FONT_FAMILY,
  fontSize: FontSize.default,
  theme: TERMINAL_THEME,
  scrollback: positive('scrollback'),
  cursorBlink: query.get('blink') === '1',
  cols,
  rows,
});
const parent = document.getElementById('terminal');
if (!parent) throw new Error('index.html has no #terminal');
terminal.open(parent);
terminal.focus();

const socket = new WebSocket(`ws://${location.host}/ws`);
const send = (message: BareInput): void => socket.send(JSON.stringify(message));
socket.addEventListener('open', () => send({ type: 'resize', cols, rows }));
socket.addEventListener('message', (event: MessageEvent<string>) => terminal.write(event.data));
terminal.onData((data) => send({ type: 'input', data }));
