/**
 * `serve.ts` as a person runs it: a child process under tsx, its one stdout line, its exit codes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SluiceClient } from '../../src/shared/client';
import { makeStaticFixture, type StaticFixture } from './helpers/fixtures';
import { openSocket, WsPort } from './helpers/wsPort';

const TSX = 'node_modules/.bin/tsx';
const SERVE = 'src/main/web/serve.ts';
const URL_LINE = /^Sluice web mode: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/;

let fixture: StaticFixture;
const children: ChildProcess[] = [];

beforeEach(async () => {
  fixture = await makeStaticFixture();
});

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fixture.remove();
});

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(TSX, [SERVE, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL`)));
  });
}

describe('serve.ts', () => {
  it('exits non-zero, naming the variable, on a bad SLUICE_FLOW_* value', async () => {
    const serve = run(['--static', fixture.staticDir], { SLUICE_FLOW_RED_THRESHOLD: 'lots' });
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toContain('SLUICE_FLOW_RED_THRESHOLD');
    expect(serve.stdout()).toBe('');
  });

  it('exits non-zero on a static directory without index.html', async () => {
    const serve = run(['--static', fixture.parent]);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toContain('index.html');
  });

  it('prints one URL line, serves the service there, and on SIGTERM kills every session and exits 0', async () => {
    const serve = run(['--static', fixture.staticDir]);
    const line = await firstLine(serve.child);
    const match = URL_LINE.exec(line);
    expect(match, line).not.toBeNull();
    const [, port, token] = match ?? [];

    const socket = await openSocket(Number(port), { token });
    const client = new SluiceClient(new WsPort(socket));
    const { session } = await client.create({ shell: '/bin/sh', args: [] });
    const pid = (await client.list()).find((info) => info.session === session)?.pid;
    expect(pid).toBeGreaterThan(0);

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.stdout()).toBe(`${line}\n`);
    // The session's shell went with the service.
    expect(() => process.kill(pid ?? 0, 0)).toThrow(/ESRCH/);
    socket.terminate();
  });
});
