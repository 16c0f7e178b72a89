/**
 * `npm run serve`: the terminal service, headless, serving the built renderer to a browser.
 * Prints exactly one line to stdout — `Sluice web mode: http://127.0.0.1:PORT/?token=TOKEN` — which
 * people open and tests parse. Errors go to stderr with exit code 1; SIGINT/SIGTERM/SIGHUP kill
 * every session and exit 0.
 *
 * The URL survives a restart: the port is fixed by default and the token is kept in the config
 * folder (mode 0600), so a bookmarked page finds the server again and reconnects by itself. The
 * settings are the desktop app's: the same file, read and watched here, applied live.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveTheme } from '../../shared/settings/themes';
import { loadFlowConfig } from '../config';
import { loadLimits } from '../limitsConfig';
import { TerminalService } from '../service';
import { configPaths } from '../settings/configPaths';
import { SettingsStore } from '../settings/settingsStore';
import { hostSocketHandler } from './hostSocket';
import { loadOrCreateToken } from './tokenFile';
import { startWebServer } from './webServer';

/** `electron-vite build` puts the renderer here, relative to the repository root. */
/**
 * Where `electron-vite build` puts the renderer: beside this file's bundle (out/main/serve.js →
 * out/renderer), or, run from the sources (tsx src/main/web/serve.ts), under the repository root.
 */
const DEFAULT_STATIC_DIR = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../../out/renderer' : '../renderer', import.meta.url),
);
const MAX_PORT = 65535;
/**
 * The port when none is given: fixed, so a bookmarked URL works after a restart. Not the default
 * of a common development server (3000, 5173, 8000, 8080, 8888) nor of a terminal-sharing tool
 * (ttyd 7681, gotty 8080), so it is free on most machines; `--port` picks another.
 */
export const DEFAULT_PORT = 8719;

const USAGE = `usage: npm run serve -- [options]

Serves Sluice to a browser on this machine (127.0.0.1 only) and prints the URL to open.

  --port N           listen on port N (default ${DEFAULT_PORT}; 0 picks a free port each start)
  --token-file FILE  keep the access token in FILE (default: web-token in the config folder);
                     created with mode 0600 if missing, refused if others can read it
  --new-token        make a new token (URLs printed before stop working)
  --static DIR       serve the renderer from DIR (default: out/renderer)
  --help             print this and exit

The settings are the desktop app's: settings.json in the config folder
($XDG_CONFIG_HOME/sluice, or ~/.config/sluice), applied live.`;

function fail(message: string): never {
  process.stderr.write(`sluice serve: ${message}\n`);
  process.exit(1);
}

interface Options {
  readonly port: number;
  readonly staticDir: string;
  readonly tokenFile: string | undefined;
  readonly newToken: boolean;
}

function parseOptions(): Options {
  let values: { port?: string; static?: string; 'token-file'?: string; 'new-token'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        static: { type: 'string' },
        'token-file': { type: 'string' },
        'new-token': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > MAX_PORT)
    fail(`--port must be a whole number from 0 to ${MAX_PORT}, got ${values.port}`);
  const staticDir = values.static === undefined ? DEFAULT_STATIC_DIR : resolve(values.static);
  if (!existsSync(join(staticDir, 'index.html'))) {
    fail(`no index.html in ${staticDir}: build the renderer first (electron-vite build) or pass --static DIR`);
  }
  const tokenFile = values['token-file'] === undefined ? undefined : resolve(values['token-file']);
  return { port, staticDir, tokenFile, newToken: values['new-token'] ?? false };
}

async function main(): Promise<void> {
  let flow;
  let limits;
  try {
    flow = loadFlowConfig(process.env);
    limits = loadLimits(process.env);
  } catch (error) {
    // Names the variable and the accepted form; nothing has started yet, so nothing to clean up.
    fail(error instanceof Error ? error.message : String(error));
  }
  const options = parseOptions();
  const home = homedir();
  const paths = configPaths({ platform: process.platform, env: process.env, home });
  let token: string;
  try {
    token = await loadOrCreateToken(options.tokenFile ?? paths.webToken, { renew: options.newToken });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const settings = await SettingsStore.open({
    paths,
    home,
    log: (message) => process.stderr.write(`sluice serve: settings: ${message}\n`),
  });
  // Until a page says otherwise: Sluice's own default look.
  let prefersDark = true;
  const service = new TerminalService({
    flow,
    limits: limits.service,
    scrollback: settings.settings.scrollback,
    theme: resolveTheme(settings.settings, prefersDark),
  });
  const configure = (): void =>
    service.configure({
      scrollback: settings.settings.scrollback,
      theme: resolveTheme(settings.settings, prefersDark),
    });
  settings.onDidChange(configure);

  let server;
  try {
    server = await startWebServer({
      service,
      staticDir: options.staticDir,
      port: options.port,
      token,
      limits: limits.web,
      hostSocket: hostSocketHandler({
        settings,
        colorScheme: (dark) => {
          // The last page to report wins: one mirror answers every window's colour queries.
          prefersDark = dark;
          configure();
        },
      }),
    });
  } catch (error) {
    settings.close();
    await service.dispose();
    const message = error instanceof Error ? error.message : String(error);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      fail(
        `port ${options.port} is in use (is Sluice already serving? its URL stays the same); ` +
          'pass --port N for another port, or --port 0 for any free one',
      );
    }
    fail(message);
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return; // a second Ctrl+C while sessions are ending changes nothing
    stopping = true;
    settings.close();
    void Promise.all([server.close(), service.dispose()]).then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

  process.stdout.write(`Sluice web mode: ${server.url}\n`);
}

await main();
