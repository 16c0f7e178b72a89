/**
 * Fault: the service process is stopped (SIGSTOP: a debugger, a suspended laptop, `kill -STOP`,
 * a machine swapping hard) in the middle of a flood, and continued a few seconds later. Web mode
 * runs as a person runs it (`serve.ts` in its own process); the client is the real SluiceClient
 * over a real socket.
 *
 * What the user sees: the output freezes while the service is stopped (the program blocks on
 * its full PTY) and then carries on; every line arrives once, in order, and the tab and the
 * socket stay up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SluiceClient } from '../../src/shared/client';
import { BASH, StreamRecorder, lines, waitFor } from '../helpers/serviceHarness';
import { makeStaticFixture, type StaticFixture } from '../web/helpers/fixtures';
import { openSocket, WsPort } from '../web/helpers/wsPort';

const URL_LINE = /^Sluice web mode: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/m;
/** Long enough to fill the PTY and every buffer behind it, so the program really blocks. */
const STOPPED_MS = 3000;

let fixture: StaticFixture;
let child: ChildProcess | undefined;

beforeEach(async () => {
  fixture = await makeStaticFixture();
});

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGCONT');
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await fixture.remove();
});

/** serve.ts under Node itself (not the tsx launcher), so that the pid signalled is the service's. */
async function serve(): Promise<{ port: number; token: string }> {
  const started = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/serve.ts', '--static', fixture.staticDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = started;
  let stdout = '';
  return new Promise((resolve, reject) => {
    started.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = URL_LINE.exec(stdout);
      if (match) resolve({ port: Number(match[1]), token: match[2] ?? '' });
    });
    started.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL`)));
  });
}

describe('fault: the service stopped and continued mid-flood', () => {
  it('the flood completes after SIGCONT, every line once and in order', async () => {
    const { port, token } = await serve();
    const client = new SluiceClient(new WsPort(await openSocket(port, { token })));
    const { session } = await client.create({ shell: BASH, args: ['-c', 'read -r; seq 1 500000'] });
    const stream = new StreamRecorder(client, session);
    await client.attach(session);
    client.write(session, 'go\r');
    await waitFor(() => stream.text.length > 100_000, 'the flood to be under way');

    child?.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, STOPPED_MS));
    child?.kill('SIGCONT');

    await stream.exited();
    const numbers = lines(stream.text).filter((line) => /^\d+$/.test(line));
    expect(numbers).toHaveLength(500_000);
    numbers.forEach((line, i) => {
      if (line !== String(i + 1)) expect(line, `line ${i + 1}`).toBe(String(i + 1));
    });
    // The connection survived: the same client is still served.
    expect((await client.list()).map((info) => info.session)).toEqual([session]);
    client.close();
  });
});
