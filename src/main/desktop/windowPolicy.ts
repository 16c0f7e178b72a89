/**
 * What a Sluice webContents may do besides showing its page: nothing. Navigation, redirects,
 * webviews and `window.open` are all refused; a `window.open` of an http(s) link (xterm's link
 * addon, a click on a URL in the terminal) goes to the system browser instead. Applied to every
 * webContents the app creates (`web-contents-created`), so nothing slips past it.
 */

/** Long enough for any real link; longer is a paste accident or an attack on the URL handler. */
export const MAX_EXTERNAL_URL_LENGTH = 8192;

/**
 * The URL to hand to the system browser, normalized, or undefined when it must not be opened:
 * anything but http/https (`javascript:`, `file:`, `data:`, custom schemes that launch local
 * programs), a URL without a host, or one carrying credentials (a classic phishing disguise).
 */
export function externalUrl(url: string): string | undefined {
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return undefined;
  // The normalized form: what was checked is exactly what is opened.
  return parsed.href;
}

export interface Preventable {
  preventDefault(): void;
}

/** The parts of Electron's `WebContents` the policy touches. */
export interface PolicyContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: Preventable) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
}

export interface WindowPolicyOptions {
  /** `shell.openExternal` in the app; only ever called with a URL `externalUrl` accepted. */
  openExternal(url: string): void;
}

/** Every `window.open` is denied; http(s) links open in the system browser. */
export function windowOpenHandler(
  options: WindowPolicyOptions,
): (details: { readonly url: string }) => { action: 'deny' } {
  return ({ url }) => {
    const target = externalUrl(url);
    if (target !== undefined) options.openExternal(target);
    return { action: 'deny' };
  };
}

function prevent(event: Preventable): void {
  // Sluice is one page. Reloads are not navigations here (they come from webContents.reload());
  // anything else — a dropped file, a link, a script setting location — would replace the
  // terminal with foreign content that still holds the preload's host API.
  event.preventDefault();
}

export function applyWindowPolicy(contents: PolicyContents, options: WindowPolicyOptions): void {
  contents.on('will-navigate', prevent);
  contents.on('will-frame-navigate', prevent);
  contents.on('will-redirect', prevent);
  contents.on('will-attach-webview', prevent);
  contents.setWindowOpenHandler(windowOpenHandler(options));
}
