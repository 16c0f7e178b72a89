import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ACK_CHARS, SluiceClient } from '../../src/shared/client';
import type { ClientMessage } from '../../src/shared/protocol';
import { waitFor } from '../helpers/serviceHarness';

/** The service's end of a real channel, played by the test: it answers attach and records acks. */
function setup(options?: { ackThreshold?: number }) {
  const { port1, port2 } = new MessageChannel();
  const received: ClientMessage[] = [];
  port1.on('message', (message: ClientMessage) => {
    received.push(message);
    if (message.type === 'attach') {
      port1.postMessage({ type: 'snapshot', session: message.session, data: '', cols: 80, rows: 24, scrollback: 1000 });
      port1.postMessage({
        type: 'response',
        id: message.id,
        ok: true,
        result: { session: message.session, cols: 80, rows: 24 },
      });
    }
  });
  const client = new SluiceClient(port2, options);
  ports.push(port1, port2);
  const acks = () => received.flatMap((m) => (m.type === 'ack' ? [m.count] : []));
  const output = (data: string) => port1.postMessage({ type: 'output', session: 1, data });
  return { client, acks, output };
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('SluiceClient auto-ack', () => {
  it('acks every ackThreshold processed messages, and the rest once caught up', async () => {
    const { client, acks, output } = setup({ ackThreshold: 10 });
    const pending: Array<() => void> = [];
    client.on('output', (_event, done) => pending.push(done));
    await client.attach(1);
    for (let i = 0; i < 25; i++) output('x');
    await settle();
    expect(acks()).toEqual([]); // nothing processed yet: nothing acked
    for (const done of pending.splice(0, 25)) done();
    await settle();
    expect(acks()).toEqual([10, 10, 5]);
  });

  it('a burst of write callbacks that catches up sends one ack', async () => {
    const { client, acks, output } = setup();
    const pending: Array<() => void> = [];
    client.on('output', (_event, done) => pending.push(done));
    await client.attach(1);
    for (let i = 0; i < 7; i++) output('x');
    await settle();
    for (const done of pending.splice(0)) done();
    await settle();
    expect(acks()).toEqual([7]);
  });

  it('acks by size too: large messages are acked long before 100 of them', async () => {
    const { client, acks, output } = setup();
    client.on('output', (_event, done) => done());
    await client.attach(1);
    const big = 'y'.repeat(ACK_CHARS);
    for (let i = 0; i < 3; i++) output(big);
    await settle();
    expect(acks().reduce((a, b) => a + b, 0)).toBe(3);
    expect(acks().length).toBeGreaterThanOrEqual(3);
  });

  it('with several listeners a chunk is processed once all have called done', async () => {
    const { client, acks, output } = setup();
    let first: (() => void) | undefined;
    let second: (() => void) | undefined;
    client.on('output', (_event, done) => (first = done));
    client.on('output', (_event, done) => (second = done));
    await client.attach(1);
    output('z');
    await settle();
    first?.();
    first?.(); // twice counts once
    await settle();
    expect(acks()).toEqual([]);
    second?.();
    await settle();
    expect(acks()).toEqual([1]);
  });

  it('ackThreshold 0 leaves acking to the application', async () => {
    const { client, acks, output } = setup({ ackThreshold: 0 });
    client.on('output', (_event, done) => done());
    await client.attach(1);
    for (let i = 0; i < 5; i++) output('x'.repeat(ACK_CHARS));
    await settle();
    expect(acks()).toEqual([]);
    client.ack(1, 5);
    await settle();
    expect(acks()).toEqual([5]);
    expect(() => client.setAckThreshold(-1)).toThrow(RangeError);
    expect(() => new SluiceClient(new MessageChannel().port1, { ackThreshold: 1.5 })).toThrow(/ackThreshold/);
  });

  it('reports an invalid message from the service as an error event and carries on', async () => {
    const { client, output } = setup();
    const errors: string[] = [];
    client.on('error', (event) => errors.push(event.code));
    await client.attach(1);
    output(42 as unknown as string);
    await settle();
    expect(errors).toEqual(['invalid_message']);
  });
});

describe('SluiceClient attach', () => {
  it('a second attach to an attached session, refused, leaves the first subscription acking', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const acks: number[] = [];
    let attaches = 0;
    port1.on('message', (message: ClientMessage) => {
      if (message.type === 'ack') acks.push(message.count);
      if (message.type !== 'attach') return;
      attaches++;
      if (attaches === 1) {
        port1.postMessage({ type: 'snapshot', session: 1, data: '', cols: 80, rows: 24, scrollback: 1000 });
        port1.postMessage({ type: 'response', id: message.id, ok: true, result: { session: 1, cols: 80, rows: 24 } });
      } else {
        port1.postMessage({
          type: 'response',
          id: message.id,
          ok: false,
          error: { code: 'already_attached', message: 'already attached to session 1' },
        });
      }
    });
    const client = new SluiceClient(port2);
    client.on('output', (_event, done) => done());
    await client.attach(1);
    await expect(client.attach(1)).rejects.toMatchObject({ code: 'already_attached' });
    port1.postMessage({ type: 'output', session: 1, data: 'still counted' });
    await settle();
    expect(acks).toEqual([1]);
  });
});

describe('output messages', () => {
  it('a well-formed output takes the fast path; a malformed one is refused like any bad message', async () => {
    const { port1, port2 } = new MessageChannel();
    const client = new SluiceClient(port2);
    const outputs: string[] = [];
    const errors: string[] = [];
    client.on('output', (event, done) => {
      outputs.push(event.data);
      done();
    });
    client.on('error', (event) => errors.push(event.message));
    port1.postMessage({ type: 'output', session: 1, data: 'ok' });
    for (const bad of [
      { type: 'output', session: 1, data: 5 },
      { type: 'output', session: 0, data: 'x' },
      { type: 'output', session: 1.5, data: 'x' },
      { type: 'output', session: 1, data: 'x', extra: true },
      { type: 'output', data: 'x' },
    ]) {
      port1.postMessage(bad);
    }
    port1.postMessage({ type: 'output', session: 2, data: 'also ok' });
    await waitFor(() => outputs.length === 2 && errors.length === 5, 'every message handled');
    expect(outputs).toEqual(['ok', 'also ok']);
    expect(errors.every((message) => message.startsWith('invalid message from the service'))).toBe(true);
    client.close();
    port1.close();
  });
});
