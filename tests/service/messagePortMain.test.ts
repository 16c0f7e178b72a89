import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { MessagePortMain } from 'electron';
import { afterEach, expect, it } from 'vitest';
import { TerminalService } from '../../src/main/service';
import { SluiceClient } from '../../src/shared/client';
import { BASH, StreamRecorder, waitFor } from '../helpers/serviceHarness';

/**
 * A stand-in for Electron's `MessagePortMain` with its exact surface (the type is checked against
 * electron.d.ts): messages arrive as `{ data }` events, nothing is delivered before `start()`, and
 * `close` is emitted when the other side goes away. Underneath, a real Node MessageChannel.
 */
class FakeMessagePortMain extends EventEmitter {
  #started = false;
  readonly #queue: unknown[] = [];

  constructor(readonly port: MessagePort) {
    super();
    port.on('message', (data: unknown) => {
      if (this.#started) this.emit('message', { data, ports: [] });
      else this.#queue.push(data);
    });
    port.on('close', () => this.emit('close'));
  }

  start(): void {
    this.#started = true;
    for (const data of this.#queue.splice(0)) this.emit('message', { data, ports: [] });
  }

  postMessage(message: unknown): void {
    this.port.postMessage(message);
  }

  close(): void {
    this.port.close();
  }
}

let service: TerminalService;
afterEach(async () => {
  await service.dispose();
});

it('serves a client over an Electron MessagePortMain', async () => {
  service = new TerminalService();
  const { port1, port2 } = new MessageChannel();
  const main = new FakeMessagePortMain(port1);
  service.connect(main as unknown as MessagePortMain);
  const client = new SluiceClient(port2);
  const { session } = await client.create({ shell: BASH, args: ['--norc', '--noprofile'] });
  const stream = new StreamRecorder(client, session);
  await client.attach(session);
  client.write(session, 'echo "from $((6*7)) main"\r');
  await waitFor(() => stream.text.includes('from 42 main'), 'echo over the MessagePortMain');
  // The renderer goes away: its port closes, and the service drops the subscription.
  client.close();
  await waitFor(() => service.list()[0]?.subscribers === 0, 'the subscription to go');
  // The session itself lives on for a reloaded window to reattach.
  expect(service.list()[0]?.exited).toBeNull();
});
