/**
 * Serves the built renderer (`electron-vite build` → `out/renderer`) read-only. A request path is
 * mapped to a file strictly inside the static directory: any `.`/`..` segment, encoded slash or
 * backslash, NUL, or hidden file is refused outright rather than normalized, and the resolved file
 * must still lie inside the directory after symlinks are followed.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

/** Types of what a Vite build emits; anything else is served as opaque bytes (and not sniffed). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticResult =
  { readonly status: 200; readonly file: string; readonly size: number } | { readonly status: 400 | 404 };

/** The path segments of a raw request path, decoded, or null if any of them is not acceptable. */
function safeSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null; // malformed percent-encoding
    }
    if (segment === '') continue; // `//` or a trailing slash
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/** Resolves the request path to a file inside `root` (an absolute, real path). */
export async function resolveStatic(root: string, rawPath: string): Promise<StaticResult> {
  const segments = safeSegments(rawPath);
  if (segments === null) return { status: 400 };
  const file = join(root, ...(segments.length === 0 ? ['index.html'] : segments));
  try {
    // A symlink inside the build could point anywhere; what is served must really live under root.
    const real = await realpath(file);
    if (!real.startsWith(root + sep)) return { status: 404 };
    const info = await stat(real);
    return info.isFile() ? { status: 200, file: real, size: info.size } : { status: 404 };
  } catch {
    return { status: 404 }; // ENOENT, ENOTDIR, EACCES: nothing to serve
  }
}

export function sendFile(request: IncomingMessage, response: ServerResponse, file: string, size: number): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': size,
    // Vite names assets by content hash, but index.html is not: always fetch the current build.
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file);
  // A file that vanishes mid-read (a rebuild) ends the response early; the browser retries.
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
