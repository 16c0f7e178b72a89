/**
 * Live titles through the service, with real programs: the tab follows the foreground program,
 * and a title a program sets wins while that program is in the foreground.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASH, Harness, StreamRecorder, waitFor } from '../helpers/serviceHarness';

let harness: Harness;
afterEach(async () => {
  await harness.dispose();
});

describe('live titles', () => {
  it('vim while it runs, the shell again when it ends; an OSC title wins while its owner is in front', async () => {
    harness = new Harness();
    const { client } = harness.client();
    const titles: string[] = [];
    const { session } = await client.create({ shell: BASH, args: ['--norc', '--noprofile', '-i'], cols: 80, rows: 24 });
    client.on('title', (event) => {
      if (event.session === session) titles.push(event.title);
    });
    const stream = new StreamRecorder(client, session);
    await client.attach(session);
    await waitFor(() => titles.at(-1) === 'bash', 'the shell as the first title');

    client.write(session, 'vim -u NONE -i NONE -N\r');
    await waitFor(() => titles.at(-1) === 'vim', 'vim in the tab');
    client.write(session, '\x1b:q!\r');
    await waitFor(() => titles.at(-1) === 'bash', 'the shell again after vim');

    // printf is a builtin: the title belongs to the shell, and comes back after `sleep` ends.
    client.write(session, "printf '\\033]2;custom title\\007'\r");
    await waitFor(() => titles.at(-1) === 'custom title', 'the OSC title');
    client.write(session, 'sleep 1\r');
    await waitFor(
      () => titles.at(-1) === 'sleep',
      `the foreground program over the shell title ${JSON.stringify(titles)}`,
    );
    await waitFor(() => titles.at(-1) === 'custom title', "the shell's title once sleep ends", 10_000);
    const [info] = await client.list();
    expect(info).toMatchObject({ title: 'custom title', process: 'bash', busy: false });
    client.write(session, 'sleep 30\r');
    await waitFor(() => titles.at(-1) === 'sleep', 'sleep again');
    const [busy] = await client.list();
    expect(busy).toMatchObject({ process: 'sleep', busy: true });
    expect(stream.text.length).toBeGreaterThan(0);
  });

  it("vim's title while it runs; the shell's title, which vim saved and restores, after it", async () => {
    harness = new Harness();
    const { client } = harness.client();
    const titles: string[] = [];
    const { session } = await client.create({ shell: BASH, args: ['--norc', '--noprofile', '-i'], cols: 80, rows: 24 });
    client.on('title', (event) => titles.push(event.title));
    await client.attach(session);
    await waitFor(() => titles.at(-1) === 'bash', 'the first title');
    client.write(session, "printf '\\033]2;shell title\\007'\r");
    await waitFor(() => titles.at(-1) === 'shell title', "the shell's title");
    client.write(session, "vim -u NONE -i NONE -N --cmd 'set title titlestring=in-vim'\r");
    await waitFor(() => titles.at(-1) === 'in-vim', "vim's own title");
    client.write(session, '\x1b:q!\r');
    // vim pops the saved title while it is still in the foreground: it is still the shell's.
    await waitFor(() => titles.at(-1) === 'shell title', "the shell's title again", 10_000);
    // The pop can arrive before the service has seen vim in the foreground at all (a loaded
    // machine, the look trailing output by a quarter second); once vim has gone, the shell has it.
    let info: Awaited<ReturnType<typeof client.list>>[number] | undefined;
    await waitFor(
      async () => {
        [info] = await client.list();
        return info?.process === 'bash';
      },
      'vim gone from the foreground',
      10_000,
    );
    expect(info).toMatchObject({ title: 'shell title', process: 'bash' });
  });

  it('a hidden view still gets title changes; none are checked for while nobody shows the session', async () => {
    harness = new Harness();
    const { client } = harness.client();
    const titles: string[] = [];
    const { session } = await client.create({ shell: BASH, args: ['--norc', '--noprofile', '-i'] });
    client.on('title', (event) => titles.push(event.title));
    await client.attach(session);
    await waitFor(() => titles.at(-1) === 'bash', 'the first title');
    client.suspend(session);
    // A program's own title is parsed by the mirror whatever the views do, and reaches hidden views.
    client.write(session, "printf '\\033]2;while hidden\\007'\r");
    await waitFor(() => titles.at(-1) === 'while hidden', 'the OSC title in a hidden view');
    client.resume(session);
    client.write(session, 'sleep 30\r');
    await waitFor(() => titles.at(-1) === 'sleep', 'the foreground program once shown again');
  });

  it("a list looks at hidden sessions' foreground only when asked for a fresh look", async () => {
    harness = new Harness();
    const { client } = harness.client();
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-titles-'));
    const fifo = path.join(dir, 'release');
    execFileSync('mkfifo', [fifo]);
    try {
      const { session } = await client.create({ shell: BASH, args: ['--norc', '--noprofile', '-i'] });
      let bells = 0;
      client.on('bell', (event) => {
        if (event.session === session) bells += 1;
      });
      await client.attach(session);
      client.write(session, `head -n1 '${fifo}' >/dev/null; printf '\\a'\r`);
      const process = async (options: { fresh?: boolean } = {}): Promise<string | undefined> =>
        (await client.list(options)).find((info) => info.session === session)?.process;
      await waitFor(async () => (await process()) === 'head', 'head in the foreground of the shown session');
      client.suspend(session);
      await client.list(); // the suspend has reached the service before head ends
      await writeFile(fifo, 'go\n');
      await waitFor(() => bells === 1, 'the bell after head ended');
      // Nobody shows the session: a plain list says what was last seen, without looking.
      expect(await process()).toBe('head');
      const [fresh] = (await client.list({ fresh: true })).filter((info) => info.session === session);
      expect(fresh).toMatchObject({ process: 'bash', busy: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
