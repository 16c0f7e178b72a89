/**
 * Faults of the other side of a connection, through web mode's real socket and through a
 * MessagePort: a socket closed while its snapshot is on the way, and a renderer that vanishes
 * mid-flood without a goodbye (its socket cut, no close frame) while the PTY waits on its acks.
 *
 * What the user sees: nothing, in the other windows. The session outlives the lost window for the
 * grace, the PTY is no longer held for it, and a window that comes back finds the session as it is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { TerminalService } from '../../src/main/service';
import { startWebServer, type WebServer } from '../../src/main/web/webServer';
import { SluiceClient } from '../../src/shared/client';
import { DEFAULT_FLOW_CONFIG } from '../../src/shared/flow';
import { BASH, Harness, StreamRecorder, lines, waitFor } from '../helpers/serviceHarness';
import { makeStaticFixture, OutputLog, type StaticFixture } from '../web/helpers/fixtures';
import { openSocket, WsPort } from '../web/helpers/wsPort';

let fixture: StaticFixture;
let service: TerminalService;
let server: WebServer;
const sockets: WebSocket[] = [];
let consoleError: ReturnType<typeof vi.spyOn>;

beforeEach(async () => {
  consoleError = vi.spyOn(console, 'error');
  fixture = await makeStaticFixture();
  // Small budgets, so a window that does not ack holds the PTY within a few reads.
  service = new TerminalService({
    flow: { ...DEFAULT_FLOW_CONFIG, yellowBytes: 16 * 1024, redBytes: 64 * 1024 },
  });
  server = await startWebServer({ service, staticDir: fixture.staticDir });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await server.close();
  await service.dispose();
  await fixture.remove();
  // No request failed inside the service (it logs "request failed" for its own bugs).
  expect(consoleError).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

async function connect(options?: { ackThreshold?: number }): Promise<{ client: SluiceClient; socket: WebSocket }> {
  const socket = await openSocket(server.port, { token: server.token });
  sockets.push(socket);
  return { client: new SluiceClient(new WsPort(socket), options), socket };
}

const subscribers = async (client: SluiceClient, session: number): Promise<number | undefined> =>
  (await client.list()).find((info) => info.session === session)?.subscribers;

describe('fault: a socket closed mid-snapshot', () => {
  it('twenty windows that close as their snapshot is made leave the service whole', async () => {
    const { client } = await connect();
    // ~1 MB of scrollback, so each snapshot takes the mirror a while to make and the socket to send.
    const { session } = await client.create({
      shell: BASH,
      args: ['-c', 'for i in $(seq 1 8000); do printf "%0120d\\n" $i; done; echo READY; exec cat'],
      cols: 130,
    });
    const log = new OutputLog(client, session);
    await client.attach(session);
    await log.waitFor(/READY/);

    for (let i = 0; i < 20; i++) {
      const { client: doomed, socket } = await connect();
      const attaching = doomed.attach(session).catch(() => undefined);
      // Cut at a different moment each time: at once, after a turn, after a few ms.
      if (i % 3 === 1) await new Promise((resolve) => setImmediate(resolve));
      if (i % 3 === 2) await new Promise((resolve) => setTimeout(resolve, i));
      if (i % 2 === 0) socket.terminate();
      else socket.close();
      // The page is gone with its socket: what it was waiting for fails.
      doomed.close();
      await attaching;
    }
    // Each lost window is released; the one left still holds the session.
    await waitFor(async () => (await subscribers(client, session)) === 1, 'the lost windows to be released');

    // A window that comes now gets the whole screen, and the session still echoes.
    const { client: late } = await connect();
    const lateStream = new StreamRecorder(late, session);
    await late.attach(session);
    expect(lateStream.snapshot).toContain(`${'0'.repeat(116)}8000`);
    late.write(session, 'after-the-storm\r');
    await waitFor(() => lateStream.text.includes('after-the-storm'), 'the echo');
  });
});

describe('fault: a renderer gone without a goodbye', () => {
  it('mid-flood, with the PTY held on its account: the hold goes, the session lives on', async () => {
    const { client: watcher } = await connect();
    const { session } = await watcher.create({ shell: BASH, args: ['-c', 'read -r; seq 1 300000; exec cat'] });
    // The doomed renderer never acks: it turns red and the PTY is paused for it.
    const { client: doomed, socket } = await connect({ ackThreshold: 0 });
    doomed.on('output', (_event, done) => done());
    let red = false;
    doomed.on('backpressure_warning', (event) => (red ||= event.level === 'red'));
    await doomed.attach(session);
    doomed.write(session, 'go\r');
    await waitFor(() => red, 'the renderer to hold the PTY');
    expect(service.session(session).paused).toBe(true);

    socket.terminate(); // no close frame: the TCP connection just ends
    // The service notices, drops the subscription and lets the program go on to the end.
    await waitFor(() => !service.session(session).paused, 'the hold to be released', 60_000);
    expect(await subscribers(watcher, session)).toBe(0);

    // The window comes back (a reload) and finds the session, the flood run to its end: it
    // attaches until the snapshot shows the last line (the program is no longer held back).
    await waitFor(
      async () => {
        const stream = new StreamRecorder(watcher, session);
        await watcher.attach(session);
        const last = lines(stream.snapshot)
          .filter((line) => /^\d+$/.test(line))
          .at(-1);
        if (last === '300000') return true;
        await watcher.detach(session);
        return false;
      },
      'a snapshot with the flood run to its last line',
      60_000,
    );
  });
});

describe('fault: a window gone without a goodbye, over a MessagePort', () => {
  it('a port closed mid-flood releases its hold, and the other window gets every line', async () => {
    const harness = new Harness({ flow: { ...DEFAULT_FLOW_CONFIG, yellowBytes: 16 * 1024, redBytes: 64 * 1024 } });
    try {
      const keeper = harness.client();
      const { session } = await keeper.client.create({ shell: BASH, args: ['-c', 'read -r; seq 1 200000'] });
      const stream = new StreamRecorder(keeper.client, session);
      await keeper.client.attach(session);
      const doomed = harness.client({ ackThreshold: 0 });
      let red = false;
      doomed.client.on('backpressure_warning', (event) => (red ||= event.level === 'red'));
      doomed.client.on('output', (_event, done) => done());
      await doomed.client.attach(session);
      keeper.client.write(session, 'go\r');
      await waitFor(() => red, 'the doomed window to hold the PTY');
      doomed.close();
      await stream.exited();
      const numbers = lines(stream.text).filter((line) => /^\d+$/.test(line));
      expect(numbers).toHaveLength(200_000);
      expect(numbers.at(-1)).toBe('200000');
    } finally {
      await harness.dispose();
    }
  });
});
