/**
 * One hostile case (tests/hostile/corpus.ts) in a process of its own, so that its memory figures
 * are its own: prints one JSON line, the `HostileRunResult` plus the process's peak RSS as the
 * kernel counted it (which also catches a peak the sampler missed while the thread was busy).
 *
 *   tsx bench/hostileChild.ts CASE [TIMEOUT_MS]
 */
import { hostileCase } from '../tests/hostile/corpus';
import { runHostileCase } from '../tests/hostile/hostileRun';
import { benchService } from './benchService';

const MiB = 1024 * 1024;
const [name = '', timeout = '60000'] = process.argv.slice(2);

async function main(): Promise<void> {
  const service = benchService();
  const result = await runHostileCase(service, hostileCase(name), { timeoutMs: Number(timeout) });
  // resourceUsage().maxRSS is in KiB: the high-water mark of the whole process's lifetime.
  const maxRssMiB = (process.resourceUsage().maxRSS * 1024) / MiB;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB })}\n`);
  // A mirror stuck in a loop (a case that never ends) is terminated by dispose; exit regardless.
  await Promise.race([service.dispose(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  process.exit(0);
}

void main();
