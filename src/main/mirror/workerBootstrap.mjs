// Runs a TypeScript worker from source (tests, benchmarks, `npm run serve`), where no bundler has
// compiled it: tsx compiles it on the fly. Built apps start the bundled JavaScript worker directly.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
