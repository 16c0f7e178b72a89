/**
 * The Content-Security-Policy of the Sluice page, delivered as a response header on our own
 * page (`session.webRequest.onHeadersReceived`). Only bundled scripts run: no inline script, no
 * eval, nothing from the network. Inline styles are allowed because xterm.js sets element styles
 * (cell widths, cursor, the DOM renderer's colors) at run time.
 */

const DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:']],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  // The terminal has no frames and no forms; a frame would be a second, unchecked document.
  ['frame-src', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');

/** The parts of Electron's `OnHeadersReceivedListenerDetails` the handler reads. */
export interface HeadersDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export type HeadersCallback = (response: { responseHeaders?: Record<string, string[]> }) => void;

/** For `session.webRequest.onHeadersReceived`: our page gets our policy, anything else is untouched. */
export function cspHeadersHandler(
  isOurPage: (url: string) => boolean,
): (details: HeadersDetails, callback: HeadersCallback) => void {
  return (details, callback) => {
    if (!isOurPage(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Replace, never add to, a policy from elsewhere (the dev server): ours is the one in force.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  };
}
