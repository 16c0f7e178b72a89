/**
 * Sluice's web mode as the browser bench runs it, in a process of its own so that its CPU time and
 * RSS are its own: the service as the bench builds it (benchService: `SLUICE_FLOW_*` honoured) and
 * the real web server, serving the built renderer (out/renderer). Two differences from
 * `npm run serve`, both for the comparison's sake: the mirror keeps the bench's scrollback
 * (terminalSettings.ts explains why), and the mirror worker names its thread on stderr
 * (mirrorThreadProbe.mjs).
 *
 * Prints `sluice: URL` once it listens; SIGTERM closes everything and exits.
 *
 *   node --import tsx bench/sluiceServer.ts
 */
import { benchService } from './benchService';
import { SCROLLBACK_LINES } from './terminalSettings';
import { defaultMirrorWorker } from '../src/main/mirror/mirrorPool';
import { startWebServer } from '../src/main/web/webServer';

const service = benchService({
  scrollback: SCROLLBACK_LINES,
  mirror: {
    worker: { file: new URL('./mirrorThreadProbe.mjs', import.meta.url), workerData: defaultMirrorWorker().workerData },
  },
});
const server = await startWebServer({ service, staticDir: 'out/renderer' });
process.stdout.write(`sluice: ${server.url}\n`);

process.on('SIGTERM', () => {
  void Promise.all([server.close(), service.dispose()]).finally(() =>
    // process.exit, not a signal death: `node --cpu-prof` writes its profile on exit.
    process.exit(0),
  );
});
