import { realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_CONFIG } from '../../src/shared/flow';
import type { BackpressureWarningEvent } from '../../src/shared/protocol';
import { SluiceError } from '../../src/shared/client';
import { BASH, Harness, StreamRecorder, lines, processState, waitFor } from '../helpers/serviceHarness';

let harness: Harness;
afterEach(async () => {
  await harness.dispose();
});

describe('TerminalService over a real MessageChannel', () => {
  it('creates, attaches, echoes input, resizes, kills, and reports the exit', async () => {
    harness = new Harness();
    const { client } = harness.client();
    const { session } = await client.create({ shell: BASH, args: ['--norc', '--noprofile'], cols: 100, rows: 30 });
    expect(session).toBeGreaterThan(0);
    const stream = new StreamRecorder(client, session);
    const attached = await client.attach(session);
    expect(attached).toEqual({ session, cols: 100, rows: 30 });

    client.write(session, 'echo "sum=$((40+2))"\r');
    await waitFor(() => stream.text.includes('sum=42'), 'echoed output');

    client.write(session, 'echo "TERM=$TERM COLORTERM=$COLORTERM"\r');
    await waitFor(() => stream.text.includes('TERM=xterm-256color COLORTERM=truecolor'), 'terminal environment');

    client.resize(session, 132, 40);
    client.write(session, 'echo "cols=$(tput cols) lines=$(tput lines)"\r');
    await waitFor(() => stream.text.includes('cols=132 lines=40'), 'tput after resize');

    const [info] = await client.list();
    expect(info).toMatchObject({ session, cols: 132, rows: 40, subscribers: 1, exited: null });
    expect(info?.pid).toBeGreaterThan(0);

    await client.kill(session, 'SIGKILL');
    await stream.exited();
    expect(stream.exit).toEqual({ exitCode: 0, signal: 9 });
  });

  it('reports the exit code after the last byte of output', async () => {
    harness = new Harness();
    const { client } = harness.client();
    const { session } = await client.create({ shell: BASH, args: ['-c', 'seq 1 50000; exit 7'] });
    const stream = new StreamRecorder(client, session);
    await client.attach(session);
    await stream.exited();
    expect(stream.exit).toEqual({ exitCode: 7, signal: null });
    const all = lines(stream.snapshot + stream.text).filter((line) => /^\d+$/.test(line));
    expect(all.at(-1)).toBe('50000');
  });

  it('a client acking after random delays on seq 1 300000 receives every line once, in order', async () => {
    harness = new Harness({
      flow: {
        ...DEFAULT_FLOW_CONFIG,
        yellowThreshold: 8,
        redThreshold: 32,
        yellowBytes: 64 * 1024,
        redBytes: 256 * 1024,
      },
    });
    const { client } = harness.client({ ackThreshold: 0 });
    // Start the program only once attached, so the whole stream is live output.
    const { session } = await client.create({ shell: BASH, args: ['-c', 'read -r; seq 1 300000'] });
    const levels: string[] = [];
    client.on('backpressure_warning', (event) => levels.push(event.level));
    let unacked = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const stream = new StreamRecorder(client, session, (_event, done) => {
      done();
      unacked++;
      // Ack what has arrived so far, after 0–20 ms, in random portions.
      const count = unacked;
      if (Math.random() < 0.5) {
        unacked = 0;
        const timer = setTimeout(() => {
          timers.delete(timer);
          client.ack(session, count);
        }, Math.random() * 20);
        timers.add(timer);
      }
    });
    const ackRest = setInterval(() => {
      if (unacked > 0) {
        client.ack(session, unacked);
        unacked = 0;
      }
    }, 25);
    await client.attach(session);
    client.write(session, 'go\r');
    await stream.exited();
    clearInterval(ackRest);
    for (const timer of timers) clearTimeout(timer);
    const numbers = lines(stream.text).filter((line) => /^\d+$/.test(line));
    expect(numbers.length).toBe(300000);
    for (let i = 0; i < numbers.length; i++) if (numbers[i] !== String(i + 1)) expect(numbers[i]).toBe(String(i + 1));
    // The small budgets made the slow acks matter.
    expect(levels).toContain('yellow');
  });

  it('a never-acking client gets the PTY paused, and what is buffered stays bounded', async () => {
    const flow = { ...DEFAULT_FLOW_CONFIG };
    harness = new Harness({ flow });
    const { client } = harness.client({ ackThreshold: 0 });
    const { session } = await client.create({ shell: BASH, args: ['-c', 'exec yes'] });
    const warnings: BackpressureWarningEvent[] = [];
    client.on('backpressure_warning', (event) => warnings.push(event));
    let received = 0;
    client.on('output', (event, done) => {
      received += Buffer.byteLength(event.data);
      done();
    });
    await client.attach(session);
    const core = harness.service.session(session);
    // The mirror may pause the PTY first (it parses slower than `yes` writes); the subscriber
    // that never acks reaches red soon after, and from then on the PTY stays paused.
    await waitFor(() => warnings.some((w) => w.level === 'red') && core.paused, 'red and the PTY paused');
    expect(warnings.at(-1)?.level).toBe('red');
    // `yes` itself blocks in write(2) once the kernel's buffer is full: the pause is real.
    const [info] = await client.list();
    await waitFor(() => processState(info?.pid ?? 0) === 'S', 'yes to block on its full terminal');
    expect(core.paused).toBe(true);
    // What this client holds is the red budget plus what was on its way when the level rose.
    expect(received).toBeLessThan(flow.redBytes + 2 * 1024 * 1024);
  });

  it('with auto-disconnect the slow subscriber is detached while a fast one receives everything', async () => {
    harness = new Harness({ flow: { ...DEFAULT_FLOW_CONFIG, autoDisconnect: true } });
    const fast = harness.client();
    const slow = harness.client({ ackThreshold: 0 });
    const { session } = await fast.client.create({ shell: BASH, args: ['-c', 'read -r; seq 1 400000'] });
    const fastStream = new StreamRecorder(fast.client, session);
    const detached: string[] = [];
    slow.client.on('detached', (event) => detached.push(event.reason));
    new StreamRecorder(slow.client, session);
    await fast.client.attach(session);
    await slow.client.attach(session);
    fast.client.write(session, 'go\r');
    await fastStream.exited();
    expect(detached).toEqual(['backpressure']);
    const numbers = lines(fastStream.text).filter((line) => /^\d+$/.test(line));
    expect(numbers.length).toBe(400000);
    expect(numbers.at(-1)).toBe('400000');
    const [info] = await fast.client.list();
    expect(info?.subscribers).toBe(1);
  });

  it('closing a connection mid-flood resumes the PTY', async () => {
    harness = new Harness();
    const stuck = harness.client({ ackThreshold: 0 });
    const { session } = await stuck.client.create({
      shell: BASH,
      args: ['-c', 'yes | head -c 30000000; echo; echo done-marker'],
    });
    await stuck.client.attach(session);
    const core = harness.service.session(session);
    await waitFor(() => core.paused, 'the PTY to pause');
    stuck.close();
    await waitFor(() => !core.paused, 'the PTY to resume');
    await waitFor(() => core.exited !== null, 'the program to finish', 60_000);
    expect(core.exited).toEqual({ exitCode: 0, signal: null });
  });

  it('two clients on one session both receive everything', async () => {
    harness = new Harness();
    const a = harness.client();
    const b = harness.client();
    const { session } = await a.client.create({ shell: BASH, args: ['-c', 'read -r; seq 1 200000'] });
    const streamA = new StreamRecorder(a.client, session);
    const streamB = new StreamRecorder(b.client, session);
    await a.client.attach(session);
    await b.client.attach(session);
    a.client.write(session, 'go\r');
    await Promise.all([streamA.exited(), streamB.exited()]);
    const numbersA = lines(streamA.text).filter((line) => /^\d+$/.test(line));
    expect(numbersA.length).toBe(200000);
    expect(streamB.text).toBe(streamA.text);
  });

  it('a hidden (suspended) view gets nothing and does not hold the PTY; resume brings a fresh snapshot', async () => {
    harness = new Harness();
    const hidden = harness.client({ ackThreshold: 0 });
    const watcher = harness.client();
    const { session } = await hidden.client.create({
      shell: BASH,
      args: ['-c', 'read -r; seq 1 300000; echo flood-done; read -r; echo after-resume'],
    });
    const stream = new StreamRecorder(hidden.client, session);
    const watched = new StreamRecorder(watcher.client, session);
    await hidden.client.attach(session);
    await watcher.client.attach(session);
    hidden.client.suspend(session);
    await hidden.client.list(); // requests are handled in order: the suspend has been
    const before = stream.chunks.length;
    watcher.client.write(session, 'go\r');
    // The never-acking hidden view does not count: the whole flood runs to its second `read`.
    await waitFor(() => watched.text.includes('flood-done'), 'the flood to run through', 60_000);
    await hidden.client.list(); // anything sent to the hidden view would have arrived before this answer
    expect(stream.chunks.length).toBe(before);
    hidden.client.resume(session);
    await waitFor(() => stream.snapshot.includes('300000'), 'the snapshot after resume');
    hidden.client.write(session, '\r');
    await stream.exited();
    expect(stream.text).toContain('after-resume');
  });
});

describe('Bad input gets a clear error and changes nothing', () => {
  it('answers malformed messages with invalid_message and keeps the connection', async () => {
    harness = new Harness();
    const raw = harness.rawPort();
    const bad: unknown[] = [
      null,
      42,
      'hello',
      { type: 'nope' },
      { type: 'ack', session: 1 },
      { type: 'ack', session: 1, count: -1 },
      { type: 'ack', session: 1, count: 1.5 },
      { type: 'ack', session: 1, count: 1e12 },
      { type: 'resize', session: 1, cols: 0, rows: 10 },
      { type: 'resize', session: 1, cols: 1e9, rows: 10 },
      { type: 'input', session: 'one', data: 'x' },
      { type: 'create', id: 5, cols: -3 },
      { type: 'kill', id: 6, session: 1, signal: 'SIGSEGV' },
      { type: 'list', id: 7, extra: true },
      { type: 'create', id: 9, shell: '/bin/sh\0evil' },
      { type: 'create', id: 10, env: { 'A=B': 'x' } },
      { type: 'create', id: 11, args: ['a\0b'] },
    ];
    for (const message of bad) {
      raw.send(message);
      const reply = await raw.next();
      expect(reply.type, JSON.stringify(message)).toBe('error');
      if (reply.type === 'error') expect(reply.code).toBe('invalid_message');
    }
    raw.send({ type: 'create', id: 5, cols: -3 });
    expect(await raw.next()).toMatchObject({ type: 'error', id: 5, code: 'invalid_message' });
    raw.send({ type: 'list', id: 8 });
    expect(await raw.next()).toEqual({ type: 'response', id: 8, ok: true, result: { sessions: [] } });
  });

  it('refuses unknown sessions, acks when not attached, and acks of more than is pending', async () => {
    harness = new Harness();
    const { client } = harness.client({ ackThreshold: 0 });
    await expect(client.attach(999)).rejects.toMatchObject({ code: 'unknown_session' });
    await expect(client.kill(999)).rejects.toBeInstanceOf(SluiceError);
    const errors: string[] = [];
    client.on('error', (event) => errors.push(event.code));
    client.write(999, 'x');
    const { session } = await client.create({ shell: BASH, args: ['-c', 'read -r; echo one; read -r'] });
    client.ack(session, 1); // not attached
    await waitFor(() => errors.length === 2, 'two errors');
    expect(errors).toEqual(['unknown_session', 'not_attached']);

    const stream = new StreamRecorder(client, session);
    await client.attach(session);
    await expect(client.attach(session)).rejects.toMatchObject({ code: 'already_attached' });
    client.write(session, '\r');
    await waitFor(() => stream.text.includes('one'), 'output');
    const pending = stream.chunks.length;
    client.ack(session, pending + 5); // more than was sent
    await waitFor(() => errors.length === 3, 'the bad ack error');
    expect(errors[2]).toBe('bad_ack');
    // The refused ack changed nothing: the honest ack still succeeds in full (an error for it
    // would arrive before the answer to a request sent after it).
    client.ack(session, pending);
    await client.list();
    expect(errors.length).toBe(3);
  });

  it('a create with no such shell or cwd is an error response, not a crash', async () => {
    harness = new Harness();
    const { client } = harness.client();
    await expect(client.create({ shell: '/no/such/shell' })).rejects.toMatchObject({ code: 'spawn_failed' });
    await expect(client.create({ shell: BASH, cwd: '/no/such/dir' })).rejects.toMatchObject({ code: 'spawn_failed' });
    expect(await client.list()).toEqual([]);
    const { session } = await client.create({ shell: BASH, args: ['-c', 'true'] });
    expect(session).toBeGreaterThan(0);
  });
});

describe('the default shell', () => {
  it('without $SHELL, a create that names no shell runs the login shell of the passwd entry', async () => {
    // Where the service is not started from a login shell (CI runners, launchers) $SHELL is often
    // unset; the user still expects the shell they chose with chsh, not /bin/sh.
    const login = userInfo().shell;
    if (!login) throw new Error('this user has no login shell in passwd; the test needs one');
    harness = new Harness({ env: { PATH: process.env['PATH'] } });
    const { client } = harness.client();
    const { session } = await client.create({ args: ['-c', 'sleep 5; :'] }); // `; :` keeps the shell from exec-ing sleep
    const [info] = await client.list();
    expect(info?.session).toBe(session);
    // Until it execs, the forked child is still a copy of this node process.
    const exe = (): string => realpathSync(`/proc/${String(info?.pid)}/exe`);
    await waitFor(() => exe() !== realpathSync(process.execPath), 'the child to exec its shell');
    expect(exe()).toBe(realpathSync(login));
  });
});
