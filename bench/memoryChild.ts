/**
 * One memory scenario in a process of its own, so RSS is this scenario's alone:
 *   ours  — the service with a subscriber that never acks, on `yes`
 *   naive — node-pty `yes` forwarded chunk by chunk to a port nobody reads (no flow control)
 * Prints one JSON line: RSS at start, at the end, and the peak, sampled every 100 ms.
 */
import { MessageChannel } from 'node:worker_threads';
import pty from 'node-pty';
import { benchService } from './benchService';
import { SluiceClient } from '../src/shared/client';

const [mode = 'ours', seconds = '20'] = process.argv.slice(2);
const durationMs = Number(seconds) * 1000;

async function main(): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  let stop: () => Promise<void>;
  let received = 0;
  // Let start-up settle (the worker, the first PTY) before the baseline reading.
  if (mode === 'ours') {
    const service = benchService();
    service.connect(port1);
    const client = new SluiceClient(port2, { ackThreshold: 0 });
    client.on('output', (event, done) => {
      received += event.data.length;
      done();
    });
    const { session } = await client.create({ shell: '/bin/bash', args: ['-c', 'read -r; yes'] });
    await client.attach(session);
    await new Promise((resolve) => setTimeout(resolve, 500));
    client.write(session, 'go\r');
    stop = () => service.dispose();
  } else {
    const child = pty.spawn('/bin/bash', ['-c', 'read -r; yes'], { cols: 80, rows: 24 });
    // The other end is never read: every chunk waits in the channel, as it would in a window
    // that cannot keep up with a service that has no flow control.
    child.onData((data) => {
      received += data.length;
      port1.postMessage({ type: 'output', session: 1, data });
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.write('go\r');
    stop = async () => child.kill('SIGKILL');
  }
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  clearInterval(sampler);
  const end = process.memoryUsage().rss;
  await stop();
  process.stdout.write(
    `${JSON.stringify({ mode, seconds: Number(seconds), rssStart: start, rssEnd: end, rssPeak: peak, receivedChars: received })}\n`,
  );
  process.exit(0);
}

void main();
