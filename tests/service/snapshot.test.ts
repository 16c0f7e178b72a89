import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCROLLBACK } from '../../src/shared/terminal/emulation';
import { BASH, Harness, StreamRecorder, waitFor } from '../helpers/serviceHarness';
import { terminalState, viewTerminal, write, type TerminalState } from '../helpers/terminalState';

/** The whole state of a fresh view fed `data`: every cell of scrollback and screens, cursors, modes. */
async function screenOf(data: string, cols: number, rows: number): Promise<TerminalState> {
  const terminal = viewTerminal(cols, rows, DEFAULT_SCROLLBACK);
  await write(terminal, data);
  const state = terminalState(terminal);
  terminal.dispose();
  return state;
}

let harness: Harness;
afterEach(async () => {
  await harness.dispose();
});

describe('snapshots', () => {
  it('attach mid-flood: snapshot + live output reproduce the screen of a terminal fed the whole stream', async () => {
    harness = new Harness();
    const first = harness.client();
    // Colours, cursor movement and a long flood, so the screen and scrollback are not trivial.
    const script =
      'read -r; awk \'BEGIN { bar = sprintf("%60s", ""); gsub(/ /, "=", bar); for (i = 1; i <= 60000; i++) printf "\\033[3%dm%06d \\033[1mbold\\033[0m %s\\n", i % 8, i, substr(bar, 1, i % 50) }\'; printf "\\033[5;10Hend\\033[2;3H"';
    const { session } = await first.client.create({ shell: BASH, args: ['-c', script], cols: 90, rows: 30 });
    const whole = new StreamRecorder(first.client, session);
    await first.client.attach(session);
    first.client.write(session, 'go\r');

    // A second view joins while the flood runs.
    await waitFor(() => whole.text.length > 300_000, 'the flood to be under way');
    const late = harness.client();
    const joined = new StreamRecorder(late.client, session);
    await late.client.attach(session);
    expect(joined.snapshot.length).toBeGreaterThan(0);
    await Promise.all([whole.exited(), joined.exited()]);
    expect(whole.text.length).toBeGreaterThan(joined.text.length); // it really joined mid-flood

    const reference = await screenOf(whole.snapshot + whole.text, 90, 30);
    const rebuilt = await screenOf(joined.snapshot + joined.text, 90, 30);
    expect(rebuilt).toEqual(reference);
    expect(reference.normal.cursor.ybase).toBe(DEFAULT_SCROLLBACK); // a full scrollback is part of it
  });

  it('a full-screen program: the snapshot restores the alternate screen', async () => {
    harness = new Harness();
    const { client } = harness.client();
    const { session } = await client.create({
      shell: BASH,
      args: [
        '-c',
        'printf "main screen line\\n"; printf "\\033[?1049h\\033[H\\033[2Jfull-screen app\\033[10;5Hstatus"; read -r',
      ],
      cols: 80,
      rows: 24,
    });
    const stream = new StreamRecorder(client, session);
    await client.attach(session);
    // `status` is the last of the output (one printf), then the program waits in `read`.
    await waitFor(() => (stream.snapshot + stream.text).includes('status'), 'the full-screen output');
    const viewer = harness.client();
    const late = new StreamRecorder(viewer.client, session);
    await viewer.client.attach(session);
    const reference = await screenOf(stream.snapshot + stream.text, 80, 24);
    const rebuilt = await screenOf(late.snapshot, 80, 24);
    expect(rebuilt).toEqual(reference);
    expect(rebuilt.active).toBe('alternate');
    expect(rebuilt.normal.lines[0]).toContain('"m"/1/'); // "main screen line", under the alternate one
  });

  it('dispose leaves no process behind', async () => {
    harness = new Harness();
    const { client } = harness.client();
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) {
      // A pipeline and a child that ignores SIGHUP: both must go.
      await client.create({ shell: BASH, args: ['-c', 'trap "" HUP; sleep 1000 | cat; sleep 1000'] });
    }
    for (const info of await client.list()) pids.push(info.pid);
    expect(pids.length).toBe(3);
    // Each shell has started its pipeline (a sleep and a cat) before dispose is asked for.
    await waitFor(() => pids.every((pid) => childrenOf(pid).length >= 2), 'every pipeline to start');
    const descendants = pids.flatMap((pid) => childrenOf(pid));
    await harness.service.dispose();
    for (const pid of [...pids, ...descendants]) expect(isAlive(pid), `process ${pid}`).toBe(false);
  });
});

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-s', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((child) => child !== pid);
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie awaiting its reaper is dead for our purposes.
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false;
  }
}

describe('a mirror worker that dies', () => {
  it('does not freeze its sessions: views get an error, an empty screen, and every byte live', async () => {
    let died = false;
    harness = new Harness({
      mirror: {
        worker: { file: new URL('../fixtures/dyingMirrorWorker.mjs', import.meta.url) },
        onError: () => {
          died = true;
        },
      },
    });
    const { client } = harness.client();
    const errors: string[] = [];
    client.on('error', (event) => errors.push(event.message));
    const { session } = await client.create({ shell: BASH, args: ['-c', 'read -r; seq 1 300000'] });
    const stream = new StreamRecorder(client, session);
    await waitFor(() => died, 'the mirror worker to die');
    await client.attach(session);
    expect(stream.snapshot).toBe('');
    expect(errors.join()).toMatch(/no screen copy/);
    client.write(session, 'go\r');
    await stream.exited();
    const numbers = stream.text
      .replace(/\r\n/g, '\n')
      .split('\n')
      .filter((line) => /^\d+$/.test(line));
    expect(numbers.length).toBe(300000);
  });
});
