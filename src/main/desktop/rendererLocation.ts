/**
 * Where our renderer page lives, and the one test of "is this URL our page?" that the sender
 * check, the CSP and the permission policy all share. The page is either the built
 * `out/renderer/index.html` (a file: URL) or, under `electron-vite dev`, the Vite dev server.
 */

export interface RendererLocation {
  /** True for our page at any hash or query (`#attach=3`), false for everything else. */
  isOurPage(url: string): boolean;
  /** The URL a window loads: our page, attached to `attach` when given. */
  pageUrl(options?: { readonly attach?: number }): string;
}

export interface RendererLocationOptions {
  /** `ELECTRON_RENDERER_URL` under `electron-vite dev`; unset in a built app. */
  readonly devServerUrl?: string | undefined;
  /** The built page, `out/renderer/index.html`. */
  readonly indexFile: URL;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export function rendererLocation(options: RendererLocationOptions): RendererLocation {
  const dev = options.devServerUrl ? parse(options.devServerUrl) : undefined;
  if (options.devServerUrl !== undefined && options.devServerUrl !== '' && !(dev && isLoopbackHttp(dev))) {
    // Whatever this URL shows would run with our preload: only a dev server on this machine will do.
    throw new Error(`the dev server URL must be http on a loopback address, got ${options.devServerUrl}`);
  }
  if (!dev && options.indexFile.protocol !== 'file:') {
    throw new Error(`the built renderer must be a file: page, got ${options.indexFile.href}`);
  }
  const base = dev ?? options.indexFile;
  const isOurPage = (url: string): boolean => {
    const candidate = parse(url);
    if (!candidate) return false;
    if (dev) {
      // The dev server serves the page at `/` and `/index.html`; anything else on it is not a page.
      return candidate.origin === dev.origin && (candidate.pathname === '/' || candidate.pathname === '/index.html');
    }
    // A file: URL has no origin worth the name ("null"): compare the exact file instead.
    return candidate.protocol === 'file:' && candidate.host === base.host && candidate.pathname === base.pathname;
  };
  const pageUrl = ({ attach }: { readonly attach?: number } = {}): string => {
    if (attach !== undefined && !(Number.isSafeInteger(attach) && attach > 0)) {
      throw new RangeError(`attach must be a session id (a positive integer), got ${attach}`);
    }
    const url = new URL(base.href);
    url.search = '';
    url.hash = attach === undefined ? '' : `attach=${attach}`;
    return url.href;
  };
  return { isOurPage, pageUrl };
}
