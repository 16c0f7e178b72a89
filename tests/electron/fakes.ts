/**
 * Small stand-ins for the Electron objects the glue modules take as parameters. No `electron`
 * import: its module tries to download a binary when loaded under plain Node.
 */
import { EventEmitter } from 'node:events';
import type { PortFrame } from '../../src/main/desktop/portBroker';
import type { SenderLike } from '../../src/main/desktop/trustedSender';

export const PAGE = 'file:///opt/sluice/resources/app.asar/out/renderer/index.html';
export const NONCE = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

let nextRoutingId = 1;

export class FakePort {
  closed = false;
  constructor(readonly name: string) {}
  close(): void {
    this.closed = true;
  }
}

export interface Posted {
  readonly channel: string;
  readonly message: unknown;
  readonly transfer: FakePort[];
}

export class FakeFrame implements PortFrame<FakePort> {
  readonly posted: Posted[] = [];
  readonly routingId = nextRoutingId++;
  readonly processId = 7;
  detached = false;
  destroyed = false;
  failPost = false;

  constructor(
    public url: string = PAGE,
    readonly parent: FakeFrame | null = null,
  ) {}

  isDestroyed(): boolean {
    return this.destroyed;
  }

  postMessage(channel: string, message: unknown, transfer: FakePort[]): void {
    if (this.failPost) throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    this.posted.push({ channel, message, transfer });
  }
}

/** A window's webContents: an id, a main frame, and the events the lifecycle watcher listens to. */
export class FakeContents extends EventEmitter {
  static #nextId = 1;
  readonly id = FakeContents.#nextId++;
  mainFrame = new FakeFrame();

  /** An IPC event from `frame` (the main frame unless given). */
  event(frame: FakeFrame | null = this.mainFrame): SenderLike<FakeFrame> {
    return { sender: this, senderFrame: frame };
  }

  /** What Electron emits for a reload: a main-frame navigation starts, then commits a new document. */
  reload(): void {
    this.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    this.mainFrame = new FakeFrame(this.mainFrame.url);
    this.emit('did-navigate');
  }
}

/** A fake service: each `connect` returns a handle that records its closing. */
export class FakeService {
  readonly connections: Array<{ port: FakePort; closed: boolean }> = [];

  readonly connect = (port: FakePort): { close(): void } => {
    const record = { port, closed: false };
    this.connections.push(record);
    return { close: () => (record.closed = true) };
  };

  get open(): number {
    return this.connections.filter((c) => !c.closed).length;
  }
}

let channels = 0;
export function fakeChannel(): { port1: FakePort; port2: FakePort } {
  channels++;
  return { port1: new FakePort(`main-${channels}`), port2: new FakePort(`page-${channels}`) };
}

/** A cancelable event, as `will-navigate` and friends pass. */
export function preventable(): { preventDefault(): void; readonly prevented: boolean } {
  let prevented = false;
  return {
    preventDefault: () => {
      prevented = true;
    },
    get prevented() {
      return prevented;
    },
  };
}
