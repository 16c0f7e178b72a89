/**
 * The headers every web-mode response carries. The page runs a shell for whoever controls it, so
 * it loads nothing that is not ours, cannot be framed, and leaks its URL (which holds the token)
 * to nobody.
 */

/**
 * The Content-Security-Policy. Each directive:
 * - `default-src 'self'`, `script-src 'self'`: only our own bundled files; no inline script, no eval.
 * - `style-src 'self' 'unsafe-inline'`: xterm.js sizes and colours its DOM with inline styles.
 * - `connect-src 'self'` plus the WebSocket origins spelled out: CSP3 lets `'self'` match ws: on
 *   the same host and port, older engines do not; naming them costs nothing.
 * - `img-src 'self' data:`: xterm's image and cursor data URLs.
 * - `object-src 'none'`, `base-uri 'none'`, `form-action 'none'`: nothing to embed, rebase or post.
 * - `frame-ancestors 'none'`: no page may frame the terminal (clickjacking keystrokes into a shell).
 */
export function contentSecurityPolicy(hosts: Iterable<string>): string {
  const sockets = [...hosts].map((host) => `ws://${host}`).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${sockets}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(hosts: Iterable<string>): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(hosts),
    // A file is what its Content-Type says, never sniffed into script or HTML.
    'X-Content-Type-Options': 'nosniff',
    // The page URL carries the token: it must not travel to any link target in a Referer.
    'Referrer-Policy': 'no-referrer',
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
    // Other sites may not load our files as no-cors subresources, nor share our browsing context.
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
