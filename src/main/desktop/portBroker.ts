/**
 * Hands each page load of a Sluice window its own MessagePort to the terminal service, and takes
 * it back when that page goes. One connection per window at a time:
 *
 * - a page asks (`grant`) with a nonce; the sender frame is checked, a channel is made, one end is
 *   connected to the service and the other posted to the frame with the nonce;
 * - a new request from the same window replaces the old connection;
 * - a committed main-frame navigation (a reload, Ctrl+R) closes every connection granted before
 *   that navigation started — the old page is gone, its subscriptions go, its sessions live on;
 * - a renderer crash or a closed window closes the window's connection at once.
 *
 * Closing a connection drops its subscriptions and releases any PTY pause held on their account
 * (see `TerminalService.connect`). Electron's objects come in as parameters, so this is tested
 * under plain Node with stand-ins.
 */
import { IpcChannel, type PortGrant } from '../../shared/hostApi';
import { checkSender, RefusedError, type FrameLike, type SenderLike, type SenderVerdict } from './trustedSender';

/** A frame we can post a port to: Electron's `WebFrameMain`. */
export interface PortFrame<Port> extends FrameLike {
  postMessage(channel: string, message: unknown, transfer: Port[]): void;
}

export interface ClosablePort {
  close(): void;
}

export interface PortBrokerOptions<Port extends ClosablePort> {
  /** `() => new MessageChannelMain()` in the app. */
  createChannel(): { readonly port1: Port; readonly port2: Port };
  /** `(port) => service.connect(port)` in the app. */
  connect(port: Port): { close(): void };
  isOurPage(url: string): boolean;
}

interface Grant {
  readonly connection: { close(): void };
  /** The window's navigation count when the port was granted. */
  readonly generation: number;
}

interface WindowState {
  /** Main-frame, cross-document navigations started in this window so far. */
  generation: number;
  grant: Grant | undefined;
}

export class PortBroker<Port extends ClosablePort> {
  readonly #options: PortBrokerOptions<Port>;
  readonly #windows = new Map<number, WindowState>();

  constructor(options: PortBrokerOptions<Port>) {
    this.#options = options;
  }

  /** A window Sluice created: its main frame may ask for ports. */
  track(contentsId: number): void {
    if (!this.#windows.has(contentsId)) this.#windows.set(contentsId, { generation: 0, grant: undefined });
  }

  isOurWindow(contentsId: number): boolean {
    return this.#windows.has(contentsId);
  }

  /** The sender check every IPC handler uses: the main frame of our window, showing our page. */
  check<Frame extends FrameLike>(event: SenderLike<Frame>): SenderVerdict<Frame> {
    return checkSender(event, { isOurWindow: (id) => this.isOurWindow(id), isOurPage: this.#options.isOurPage });
  }

  /** Open connections (one per window at most). */
  get connectionCount(): number {
    let count = 0;
    for (const state of this.#windows.values()) if (state.grant) count++;
    return count;
  }

  /**
   * Connects a new port to the service and posts its partner to the sender frame with `nonce`.
   * Throws `RefusedError` (and changes nothing) when the sender fails the check.
   */
  grant(event: SenderLike<PortFrame<Port>>, nonce: string): void {
    const verdict = this.check(event);
    if (!verdict.ok) throw new RefusedError(`port refused: ${verdict.reason}`);
    const state = this.#windows.get(event.sender.id);
    if (!state) throw new RefusedError('port refused: sender is not a Sluice window');
    this.#close(state);
    const { port1, port2 } = this.#options.createChannel();
    const connection = this.#options.connect(port1);
    try {
      const grant: PortGrant = { nonce };
      verdict.frame.postMessage(IpcChannel.port, grant, [port2]);
    } catch (error) {
      // The frame went away between the check and the post: nobody will ever use this channel.
      connection.close();
      port2.close();
      throw new RefusedError(`port refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    state.grant = { connection, generation: state.generation };
  }

  /** A main-frame navigation to another document started (a reload, or one we are about to block). */
  navigationStarted(contentsId: number): void {
    const state = this.#windows.get(contentsId);
    if (state) state.generation++;
  }

  /**
   * A main-frame navigation committed: the page that held the current port is gone. Only a grant
   * from before the navigation started is closed, so a new page that asked quickly keeps its port
   * whatever order Electron reports the commit and the request in. A navigation that was started
   * and then blocked commits nothing, and so closes nothing.
   */
  navigationCommitted(contentsId: number): void {
    const state = this.#windows.get(contentsId);
    if (state?.grant && state.grant.generation < state.generation) this.#close(state);
  }

  /** The renderer crashed or was killed: its page is gone, the window stays. */
  release(contentsId: number): void {
    const state = this.#windows.get(contentsId);
    if (state) this.#close(state);
  }

  /** The window's webContents was destroyed. */
  forget(contentsId: number): void {
    this.release(contentsId);
    this.#windows.delete(contentsId);
  }

  #close(state: WindowState): void {
    const grant = state.grant;
    state.grant = undefined;
    grant?.connection.close();
  }
}

/** The webContents events that end a page, as `watchPageLifecycle` listens to them. */
export interface LifecycleContents {
  readonly id: number;
  on(
    event: 'did-start-navigation',
    listener: (details: { readonly isMainFrame: boolean; readonly isSameDocument: boolean }) => void,
  ): unknown;
  on(event: 'did-navigate' | 'render-process-gone' | 'destroyed', listener: () => void): unknown;
}

export type PageLifecycleSink = Pick<
  PortBroker<ClosablePort>,
  'track' | 'navigationStarted' | 'navigationCommitted' | 'release' | 'forget'
>;

/** Ties a window's page lifecycle to its port: reload, crash and close each release the connection. */
export function watchPageLifecycle(contents: LifecycleContents, broker: PageLifecycleSink): void {
  // Read once: a destroyed webContents may no longer answer `id`.
  const id = contents.id;
  broker.track(id);
  contents.on('did-start-navigation', (details) => {
    // A hash change (`#attach=…`) keeps the document, and with it the page's port.
    if (details.isMainFrame && !details.isSameDocument) broker.navigationStarted(id);
  });
  contents.on('did-navigate', () => broker.navigationCommitted(id));
  contents.on('render-process-gone', () => broker.release(id));
  contents.on('destroyed', () => broker.forget(id));
}
