/**
 * `npm run serve`: the terminal service, headless, serving the built renderer to a browser.
 * Prints exactly one line to stdout — `Sluice web mode: http://127.0.0.1:PORT/?token=TOKEN` — which
 * people open and tests parse. Errors go to stderr with exit code 1; SIGINT/SIGTERM/SIGHUP kill
 * every session and exit 0.
 *
 *   tsx src/main/web/serve.ts [--port N] [--static DIR]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadFlowConfig } from '../config';
import { loadLimits } from '../limitsConfig';
import { TerminalService } from '../service';
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

function fail(message: string): never {
  process.stderr.write(`sluice serve: ${message}\n`);
  process.exit(1);
}

function parseOptions(): { port: number; staticDir: string } {
  let values: { port?: string; static?: string };
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, static: { type: 'string' } }, strict: true }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\nusage: serve.ts [--port N] [--static DIR]`);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > MAX_PORT)
    fail(`--port must be a whole number from 0 to ${MAX_PORT}, got ${values.port}`);
  const staticDir = values.static === undefined ? DEFAULT_STATIC_DIR : resolve(values.static);
  if (!existsSync(join(staticDir, 'index.html'))) {
    fail(`no index.html in ${staticDir}: build the renderer first (electron-vite build) or pass --static DIR`);
  }
  return { port, staticDir };
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
  const service = new TerminalService({ flow, limits: limits.service });
  let server;
  try {
    server = await startWebServer({ service, staticDir: options.staticDir, port: options.port, limits: limits.web });
  } catch (error) {
    await service.dispose();
    fail(error instanceof Error ? error.message : String(error));
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return; // a second Ctrl+C while sessions are ending changes nothing
    stopping = true;
    void Promise.all([server.close(), service.dispose()]).then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

  process.stdout.write(`Sluice web mode: ${server.url}\n`);
}

await main();
