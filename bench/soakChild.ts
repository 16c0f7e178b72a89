/**
 * The soak (bench/soak.ts) in a process of its own; prints one JSON line with its figures.
 *
 *   tsx bench/soakChild.ts [SESSIONS] [SECONDS]
 */
import { soak } from './soak';

const [sessions = '100', seconds = '60'] = process.argv.slice(2);

const figures = await soak({ sessions: Number(sessions), seconds: Number(seconds) });
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exit(0);
