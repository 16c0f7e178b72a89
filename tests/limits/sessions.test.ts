/**
 * Session limits through the real service: per connection and in all, each refused with
 * `limit_reached` and a message that names the setting; a refusal changes nothing, and room comes
 * back when a session goes. (Issue 9: 700 shells were created with nothing refused.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalService } from '../../src/main/service';
import { SluiceError } from '../../src/shared/client';
import { BASH, Harness, waitFor } from '../helpers/serviceHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const shell = { shell: BASH, args: ['--norc', '--noprofile'] };

async function refused(promise: Promise<unknown>): Promise<SluiceError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SluiceError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('session limits', () => {
  it('refuses sessions past the per-connection and the total limit, and makes room when one goes', async () => {
    harness = new Harness({ limits: { sessionsPerConnection: 3, sessions: 5 } });
    const first = harness.client().client;
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push((await first.create(shell)).session);
    const perConnection = await refused(first.create(shell));
    expect(perConnection.code).toBe('limit_reached');
    expect(perConnection.message).toBe(
      'this connection has 3 sessions open, the most one connection may have (SLUICE_MAX_SESSIONS_PER_CONNECTION); close some first',
    );

    const second = harness.client().client;
    await second.create(shell);
    await second.create(shell);
    const total = await refused(harness.client().client.create(shell));
    expect(total.code).toBe('limit_reached');
    expect(total.message).toBe(
      '5 sessions are open, the most the service allows (SLUICE_MAX_SESSIONS); close some first',
    );
    // The refusals changed nothing.
    expect(await first.list()).toHaveLength(5);

    // A session closed by its owner goes once it has exited; then there is room again.
    await first.kill(mine[0]!);
    await waitFor(() => harness!.service.list().length === 4, 'the killed session to go');
    expect((await first.create(shell)).session).toBeGreaterThan(0);
  });

  it('refuses limits that are not whole numbers of at least 1, or a per-connection limit above the total', () => {
    expect(() => new TerminalService({ limits: { sessions: 0 } })).toThrow(
      'limits.sessions must be a whole number of at least 1, got 0',
    );
    expect(() => new TerminalService({ limits: { sessionsPerConnection: 2.5 } })).toThrow(/sessionsPerConnection/);
    expect(() => new TerminalService({ limits: { sessionsPerConnection: 10, sessions: 4 } })).toThrow(
      'limits.sessionsPerConnection (10) must not exceed limits.sessions (4)',
    );
  });
});
