/**
 * `serve.ts` as a person runs it: a child process under tsx, its one stdout line, its exit codes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SluiceClient } from '../../src/shared/client';
import { makeStaticFixture, type StaticFixture } from './helpers/fixtures';
import { openSocket, WsPort } from './helpers/wsPort';

const TSX = 'node_modules/.bin/tsx';
const SERVE = 'src/main/web/serve.ts';
const URL_LINE = /^Sluice web mode: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/;

let fixture: StaticFixture;
/** Each test's own config folder: the token file and the settings live there, never in the user's. */
let configHome: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  fixture = await makeStaticFixture();
  configHome = mkdtempSync(join(tmpdir(), 'sluice-serve-config-'));
});

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fixture.remove();
  rmSync(configHome, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** serve.ts with a free port (unless `args` names one) and the test's config folder. */
function run(args: string[], env: Record<string, string> = {}): Run {
  const port = args.includes('--port') || args.includes('--help') ? [] : ['--port', '0'];
  const child = spawn(TSX, [SERVE, ...port, ...args], {
    env: { ...process.env, XDG_CONFIG_HOME: configHome, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

  it('keeps its token in the config folder (mode 0600): a restart on the same port prints the same URL', async () => {
    const first = run(['--static', fixture.staticDir]);
    const line = await firstLine(first.child);
    const [, port, token] = URL_LINE.exec(line) ?? [];
    const tokenFile = join(configHome, 'sluice', 'web-token');
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = run(['--static', fixture.staticDir, '--port', String(port)]);
    expect(await firstLine(second.child)).toBe(line);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const renewed = run(['--static', fixture.staticDir, '--new-token']);
    expect(URL_LINE.exec(await firstLine(renewed.child))?.[2]).not.toBe(token);
    renewed.child.kill('SIGTERM');
    expect(await renewed.exited).toBe(0);
  });

  it('refuses a token file that other users can read, and one that holds no token', async () => {
    const tokenFile = join(configHome, 'token');
    writeFileSync(tokenFile, 'a'.repeat(43));
    chmodSync(tokenFile, 0o644);
    const loose = run(['--static', fixture.staticDir, '--token-file', tokenFile]);
    expect(await loose.exited).toBe(1);
    expect(loose.stderr()).toContain(`chmod 600 ${tokenFile}`);

    writeFileSync(tokenFile, 'short');
    chmodSync(tokenFile, 0o600);
    const bad = run(['--static', fixture.staticDir, '--token-file', tokenFile]);
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('holds no valid token');
  });

  it('--help prints the options and exits 0', async () => {
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toMatch(/--port N[\s\S]*--token-file FILE[\s\S]*--new-token/);
  });

  it('sends the settings on the host socket, with the problems of a broken file', async () => {
    const serve = run(['--static', fixture.staticDir]);
    const [, port, token] = URL_LINE.exec(await firstLine(serve.child)) ?? [];
    writeFileSync(join(configHome, 'sluice', 'settings.json'), '{ "fontSize": "huge" }');
    const socket = new WebSocket(`ws://127.0.0.1:${port}/host?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    const broken = await new Promise<{ state: { problems: { key: string }[] } }>((resolve, reject) => {
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string; state: { problems: { key: string }[] } };
        if (event.type === 'settings' && event.state.problems.length > 0) resolve(event);
      });
      socket.once('error', reject);
    });
    expect(broken.state.problems[0]?.key).toBe('fontSize');
    socket.close();
    // SIGTERM, not the afterEach's SIGKILL: tsx passes it on to the server it runs, which ends.
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });
});
