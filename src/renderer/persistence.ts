/**
 * What a window remembers across a reload (Ctrl+R): its sessions in tab order, the active one and
 * its zoom, in `sessionStorage`. The zoom is also kept in `localStorage` as the zoom of the next
 * new window, so it survives a restart of the app (or of the browser). The state is keyed by `window.name`, which survives a reload of the same window
 * but is not handed to a window opened from it — whereas `sessionStorage` itself is copied into a
 * window opened with `window.open`, which would otherwise reattach all of its opener's sessions.
 */

export interface WindowState {
  readonly sessions: readonly number[];
  /** The session of the active tab. */
  readonly active: number | null;
  /** Font-size steps added to the settings' size (Ctrl+= / Ctrl+-). */
  readonly zoom: number;
}

const STORAGE_KEY = 'sluice.window';
const LAST_ZOOM_KEY = 'sluice.zoom';
/** Set just before a page reloads to reconnect to a server that came back. */
const RECONNECT_KEY = 'sluice.reconnected';
/** Zoom steps kept: the font-size range (6–48 px) is never more than this many steps away. */
const MAX_ZOOM_STEPS = 48;
const NAME_PREFIX = 'sluice-';

interface Stored extends WindowState {
  readonly window: string;
}

/** This window's identity: its `window.name`, given one on first start. */
function windowId(): string {
  if (!window.name.startsWith(NAME_PREFIX)) {
    const random = crypto.getRandomValues(new Uint32Array(2));
    window.name = `${NAME_PREFIX}${random[0]?.toString(36) ?? ''}${random[1]?.toString(36) ?? ''}`;
  }
  return window.name;
}

function isSessionId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function loadWindowState(): WindowState | null {
  const id = windowId();
  let parsed: unknown;
  try {
    parsed = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return null; // Not ours or damaged: start afresh rather than fail to start.
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const stored = parsed as Partial<Stored>;
  if (stored.window !== id || !Array.isArray(stored.sessions)) return null;
  const sessions = stored.sessions.filter(isSessionId);
  return { sessions, active: isSessionId(stored.active) ? stored.active : null, zoom: zoomOf(stored.zoom) };
}

function zoomOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_ZOOM_STEPS ? value : 0;
}

/** The zoom a new window starts with: the last one any window chose. */
export function loadLastZoom(): number {
  try {
    return zoomOf(Number(localStorage.getItem(LAST_ZOOM_KEY) ?? '0'));
  } catch {
    return 0; // storage disabled: no zoom kept
  }
}

/** The page is about to reload because the server came back: the next start says so. */
export function markReconnect(): void {
  try {
    sessionStorage.setItem(RECONNECT_KEY, '1');
  } catch {
    // Without storage the reloaded page simply does not know it reconnected.
  }
}

/** Whether this start follows a reconnect (and forget it, so a later reload is a plain one). */
export function takeReconnectMark(): boolean {
  try {
    const marked = sessionStorage.getItem(RECONNECT_KEY) === '1';
    sessionStorage.removeItem(RECONNECT_KEY);
    return marked;
  } catch {
    return false;
  }
}

export function saveWindowState(state: WindowState): void {
  const stored: Stored = { window: windowId(), sessions: [...state.sessions], active: state.active, zoom: state.zoom };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    localStorage.setItem(LAST_ZOOM_KEY, String(state.zoom));
  } catch {
    // Storage full or disabled (a privacy mode): the window works, it just will not survive a reload.
  }
}

/** `#attach=N`: the window was opened to show session N. */
export function attachRequestFromHash(hash: string): number | null {
  const match = /^#attach=(\d{1,10})$/.exec(hash);
  const session = match ? Number(match[1]) : NaN;
  return isSessionId(session) ? session : null;
}

/** Drops `#attach=N` from the address once handled, so that a reload restores from storage instead. */
export function clearAttachHash(): void {
  if (location.hash === '') return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}
