// The mirror worker as the bench's Sluice server starts it: it first says which Linux thread it
// is (so the bench can read that thread's CPU time from /proc/<pid>/task/<tid>/stat apart from the
// service's main thread), then runs the real worker exactly as src/main/mirror/workerBootstrap.mjs does.
import { readlinkSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// "/proc/thread-self" links to "<pid>/task/<tid>".
const tid = readlinkSync('/proc/thread-self').split('/').pop();
process.stderr.write(`bench: mirror worker thread ${tid}\n`);
await tsImport(workerData.entry, import.meta.url);
