/**
 * Live titles through the service, with real programs: the tab follows the foreground program,
 * and a title a program sets wins while that program is in the foreground.
 */
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
});
