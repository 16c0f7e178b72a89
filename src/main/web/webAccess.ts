/**
 * Who may talk to the web-mode server. The server listens on loopback only, yet any web page the
 * user opens can make the browser send requests there, and a DNS-rebinding page can even make
 * them look same-origin. So every request must name us in `Host`, a WebSocket must also come
 * from our own page (`Origin`), and carry the token that only the printed URL holds.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** 32 random bytes: 256 bits, far beyond guessing, and 43 characters of base64url in the URL. */
const TOKEN_BYTES = 32;

/**
 * A token chosen by the caller must still be unguessable (at least 128 bits' worth of base64url
 * characters) and URL-safe, so that the printed URL needs no escaping and reads back unchanged.
 */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,}$/;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function checkToken(token: string): string {
  if (!TOKEN_PATTERN.test(token)) {
    throw new Error('the web-mode token must be at least 22 characters of A-Z, a-z, 0-9, "-" and "_"');
  }
  return token;
}

/**
 * The address to bind for a `host` option, or an error for anything that is not loopback: web
 * mode hands out a shell, so it must never be reachable from another machine. `localhost` binds
 * 127.0.0.1 explicitly, because the name may resolve to ::1 or to both.
 */
export function loopbackAddress(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (isIP(host) === 4 && host.startsWith('127.')) return host;
  if (host === '::1') return host;
  throw new Error(`web mode listens on loopback only (127.0.0.1, localhost or ::1), not on ${JSON.stringify(host)}`);
}

/** Compares in constant time, whatever the lengths: hashing first gives equal-length inputs. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The `Host` values (lower case) under which a browser can legitimately reach the server. */
export function allowedHosts(address: string, port: number): ReadonlySet<string> {
  const literal = isIP(address) === 6 ? `[${address}]` : address;
  return new Set([`${literal}:${port}`, `localhost:${port}`]);
}

export function hostAllowed(host: string | undefined, hosts: ReadonlySet<string>): boolean {
  return host !== undefined && hosts.has(host.toLowerCase());
}

/** A WebSocket must come from a page we served: its `Origin` is one of our own origins. */
export function originAllowed(origin: string | undefined, hosts: ReadonlySet<string>): boolean {
  if (origin === undefined) return false;
  const lower = origin.toLowerCase();
  return lower.startsWith('http://') && hosts.has(lower.slice('http://'.length));
}
