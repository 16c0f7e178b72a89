/**
 * The limits as `npm run serve` reads them: a bad `SLUICE_MAX_*` or `SLUICE_WEB_*` value stops
 * the start, naming the variable, before anything listens; a good one is in force (here: the
 * session limit, reached through the real socket).
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SluiceClient, SluiceError } from '../../src/shared/client';
import { makeStaticFixture, type StaticFixture } from '../web/helpers/fixtures';
import { openSocket, WsPort } from '../web/helpers/wsPort';

const URL_LINE = /^Sluice web mode: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/m;

let fixture: StaticFixture;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  fixture = await makeStaticFixture();
});

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await fixture.remove();
});

function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/serve.ts', '--static', fixture.staticDir], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  stops.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('serve.ts and the limits', () => {
  it.each([
    ['SLUICE_WEB_MAX_CONNECTIONS', 'none'],
    ['SLUICE_WEB_HEADERS_TIMEOUT_MS', '0'],
    ['SLUICE_MAX_SESSIONS', '99999'],
  ])('exits 1 on %s=%s, naming it, and prints no URL', async (variable, value) => {
    const run = serve({ [variable]: value });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(new RegExp(`^sluice serve: ${variable}=`));
    expect(run.stdout()).toBe('');
  });

  it('puts SLUICE_MAX_SESSIONS_PER_CONNECTION in force', async () => {
    const run = serve({ SLUICE_MAX_SESSIONS_PER_CONNECTION: '1' });
    await new Promise<void>((resolve) => run.child.stdout.on('data', () => URL_LINE.test(run.stdout()) && resolve()));
    const [, port, token] = URL_LINE.exec(run.stdout()) ?? [];
    const socket = await openSocket(Number(port), { token: token ?? '' });
    const client = new SluiceClient(new WsPort(socket));
    await client.create({ shell: '/bin/sh', args: [] });
    const refusal = await client.create({ shell: '/bin/sh', args: [] }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SluiceError);
    expect((refusal as SluiceError).code).toBe('limit_reached');
    socket.terminate();
  });
});
