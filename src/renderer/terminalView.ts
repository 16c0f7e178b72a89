/**
 * One tab's terminal: an xterm.js instance bound to one session of the service.
 *
 * Output is acknowledged from xterm's write callback only (the client acks for us once `done` has
 * run), so the service never sends a view more than it has rendered plus the red budget. A hidden
 * view suspends its subscription and drops whatever was already on the way: the snapshot that
 * follows `resume` repaints it, so no CPU goes into rendering output nobody sees.
 *
 * Size follows tmux's `latest` policy: the PTY has one size, set by the view that last took focus or
 * input (or was resized); the other views adopt it from the `size` event.
 */
import type { IDisposable, Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import type { SearchAddon } from '@xterm/addon-search';
import type { SluiceApi } from '../shared/api';
import { SluiceError } from '../shared/client';
import { Emitter, type Event } from '../shared/event';
import {
  ProtocolLimits,
  type BackpressureWarningEvent,
  type BellEvent,
  type DetachedEvent,
  type ExitEvent,
  type FlowLevel,
  type OutputEvent,
  type SizeEvent,
  type SnapshotEvent,
  type TitleEvent,
} from '../shared/protocol';
import { OrderedWriter } from './orderedWriter';
import type { RendererKind } from './rendererChoice';
import type { SessionRouter, SessionSink } from './sessionRouter';
import { applyLook, createTerminal, type LinkHandlers, type TerminalLook } from './terminalFactory';
import { SEARCH_DECORATIONS } from './theme';
import { ThroughputMeter, utf8Length } from './throughputMeter';

/**
 * - `connecting`: no session yet (being created);
 * - `attaching`: waiting for the first snapshot;
 * - `live`: rendering output;
 * - `suspended`: hidden, the service sends nothing;
 * - `resuming`: shown again, waiting for the snapshot (older output still in flight is dropped);
 * - `detached`: the service dropped this view, or the connection is gone (`status().message` says which).
 */
export type ViewState = 'connecting' | 'attaching' | 'live' | 'suspended' | 'resuming' | 'detached';

export interface ViewStatus {
  readonly state: ViewState;
  readonly level: FlowLevel;
  /** The last warning's `queue_size`: messages the service has sent and we have not acked. */
  readonly serviceQueue: number;
  /** Output messages this view has received and xterm has not parsed yet. */
  readonly unrendered: number;
  readonly bytesPerSecond: number;
  readonly exit: ExitEvent | null;
  /** Why the view no longer follows its session (detached, connection lost), or null. */
  readonly message: string | null;
  readonly cols: number;
  readonly rows: number;
  readonly renderer: RendererKind;
  /**
   * Another window set the session's size and it differs from what fits here: this view shows the
   * session cut off (`clipped`) or smaller than the window. Null when the sizes agree.
   */
  readonly foreignSize: { readonly cols: number; readonly rows: number; readonly clipped: boolean } | null;
}

/** xterm.js's measured cell size (internal; the fit addon reads the same). */
interface RenderDimensions {
  readonly _core?: {
    readonly _renderService?: {
      readonly dimensions?: { readonly css: { readonly cell: { width: number; height: number } } };
    };
  };
}

export interface TerminalViewOptions {
  readonly api: SluiceApi;
  readonly router: SessionRouter;
  readonly parent: HTMLElement;
  readonly look: TerminalLook;
  readonly links: LinkHandlers;
  /** Sees every key event first; returns false for a key the app handled (xterm then ignores it). */
  readonly keyHandler: (event: KeyboardEvent) => boolean;
}

const DETACH_REASONS: Readonly<Record<DetachedEvent['reason'], string>> = {
  backpressure: 'this view fell too far behind the output',
  killed: 'the session was closed',
  requested: 'detached',
};

export class TerminalView implements SessionSink {
  readonly #api: SluiceApi;
  readonly #router: SessionRouter;
  readonly #terminal: Terminal;
  readonly #fit: FitAddon;
  readonly #search: SearchAddon;
  readonly #renderer: () => RendererKind;
  readonly #writer: OrderedWriter;
  readonly #meter = new ThroughputMeter();
  readonly #disposables: IDisposable[] = [];
  #registration: IDisposable | undefined;

  #session: number | null = null;
  #state: ViewState = 'connecting';
  #visible = true;
  /** The PTY's size as last known (attach, snapshot, size event, or our own resize). */
  #ptySize: { cols: number; rows: number } | null = null;
  /** The terminal's size once the writer's queued resizes have run (keystrokes re-check it). */
  #plannedSize: { cols: number; rows: number } | null = null;
  #level: FlowLevel = 'green';
  #serviceQueue = 0;
  #received = 0;
  #rendered = 0;
  #exit: ExitEvent | null = null;
  #message: string | null = null;
  /** The size this view last gave the PTY; a `size` event that differs came from another window. */
  #claimed: { cols: number; rows: number } | null = null;
  /** The PTY's size was last set by another window. */
  #sizedElsewhere = false;
  /** The cell size this view last sent with a resize; another window's resize sends its own. */
  #toldCell: { width: number; height: number } | undefined;

  readonly #onDidChangeTitle = new Emitter<string>();
  readonly #onDidChangeStatus = new Emitter<void>();
  readonly #onDidBell = new Emitter<void>();
  readonly #onDidSelect = new Emitter<string>();
  /** The session's title: its foreground program, or what the program called itself (OSC 0/2). */
  readonly onDidChangeTitle: Event<string> = this.#onDidChangeTitle.event;
  /** Flow level, exit, detach or who sizes the session changed (the status bar repaints). */
  readonly onDidChangeStatus: Event<void> = this.#onDidChangeStatus.event;
  /** The program rang the bell (at most a few times a second; also while this view is hidden). */
  readonly onDidBell: Event<void> = this.#onDidBell.event;
  /** The user finished selecting text (for copy on select); not fired when the selection clears. */
  readonly onDidSelect: Event<string> = this.#onDidSelect.event;

  constructor(options: TerminalViewOptions) {
    this.#api = options.api;
    this.#router = options.router;
    const parts = createTerminal({ look: options.look, links: options.links, parent: options.parent });
    this.#terminal = parts.terminal;
    this.#fit = parts.fit;
    this.#search = parts.search;
    this.#renderer = parts.renderer;
    this.#writer = new OrderedWriter(this.#terminal);
    this.#terminal.attachCustomKeyEventHandler(options.keyHandler);
    this.#disposables.push(
      this.#terminal.onData((data) => this.#input(data)),
      // Mouse reports in the X10 encoding are bytes, not text: passed on as they are.
      this.#terminal.onBinary((data) => this.#input(data)),
    );
    // A selection is made with the mouse: it is finished when the button comes up.
    const onMouseUp = (): void => {
      if (this.#terminal.hasSelection()) this.#onDidSelect.fire(this.#terminal.getSelection());
    };
    options.parent.addEventListener('mouseup', onMouseUp);
    this.#disposables.push({ dispose: () => options.parent.removeEventListener('mouseup', onMouseUp) });
    const onFocus = (): void => this.claimSize();
    this.#terminal.textarea?.addEventListener('focus', onFocus);
    this.#disposables.push({ dispose: () => this.#terminal.textarea?.removeEventListener('focus', onFocus) });
  }

  get session(): number | null {
    return this.#session;
  }

  get state(): ViewState {
    return this.#state;
  }

  get terminal(): Terminal {
    return this.#terminal;
  }

  /** Subscribes to `session`; resolves once its snapshot is written (queued into xterm). */
  async attach(session: number): Promise<void> {
    this.#session = session;
    this.#state = 'attaching';
    this.#registration = this.#router.register(session, this);
    const result = await this.#api.attach(session);
    this.#ptySize ??= { cols: result.cols, rows: result.rows };
    // Shown or hidden while attaching: now that the service knows us, tell it.
    if (!this.#visible) this.setVisible(false);
  }

  /** A hidden view is suspended: the service sends nothing until it is shown again. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    const session = this.#session;
    if (session === null) return;
    if (!visible && (this.#state === 'live' || this.#state === 'resuming')) {
      this.#state = 'suspended';
      this.#send((api) => api.suspend(session));
    } else if (visible && this.#state === 'suspended') {
      this.#state = 'resuming';
      this.#send((api) => api.resume(session));
    }
  }

  /** The size that fills the view's element, or null while it is not laid out. */
  proposedSize(): { cols: number; rows: number } | null {
    const size = this.#fit.proposeDimensions();
    if (!size || !Number.isFinite(size.cols) || !Number.isFinite(size.rows)) return null;
    return {
      cols: Math.min(Math.max(size.cols, 2), ProtocolLimits.maxCols),
      rows: Math.min(Math.max(size.rows, 1), ProtocolLimits.maxRows),
    };
  }

  /**
   * Fit to the element and make that the PTY's size (on resize, tab switch, focus and input):
   * this view is the one the user is at, so under the `latest` policy its size wins.
   */
  claimSize(): void {
    const size = this.proposedSize();
    if (!size) return;
    this.#planResize(size.cols, size.rows);
    const session = this.#session;
    if (session === null || !this.#takesInput()) return;
    const changed = this.#ptySize?.cols !== size.cols || this.#ptySize.rows !== size.rows;
    this.#claimed = size;
    if (this.#sizedElsewhere) {
      this.#sizedElsewhere = false;
      this.#onDidChangeStatus.fire();
    }
    // The cell size goes with the size: the mirror answers the pixel reports (CSI 14/16 t) with
    // it. A session created at this view's size is never resized, so it is sent once on its own.
    const cell = this.#cellSize();
    const newCell =
      cell !== undefined && (cell.width !== this.#toldCell?.width || cell.height !== this.#toldCell.height);
    if (!changed && !newCell) return;
    this.#ptySize = size;
    if (cell) this.#toldCell = cell;
    this.#send((api) => api.resize(session, size.cols, size.rows, cell));
  }

  /** A line from the app itself (not the program), e.g. why a session could not start. */
  notice(text: string): void {
    this.#writer.write(`\x1b[0m\r\n[${text}]\r\n`);
  }

  focus(): void {
    this.#terminal.focus();
  }

  /** New settings or zoom: fonts, colours, cursor and scrollback change in place. */
  applyLook(look: TerminalLook): void {
    applyLook(this.#terminal, look);
  }

  selectAll(): void {
    this.#terminal.selectAll();
  }

  /** Clears the scrollback and the screen but for the prompt's line, as VS Code's Clear does. */
  clear(): void {
    this.#writer.then(() => this.#terminal.clear());
  }

  hasSelection(): boolean {
    return this.#terminal.hasSelection();
  }

  selection(): string {
    return this.#terminal.getSelection();
  }

  /** Pastes through xterm, which adds the bracketed-paste markers when the program asked for them. */
  paste(text: string): void {
    this.#terminal.paste(text);
  }

  findNext(text: string, incremental = false): boolean {
    return this.#search.findNext(text, { incremental, decorations: SEARCH_DECORATIONS });
  }

  findPrevious(text: string): boolean {
    return this.#search.findPrevious(text, { decorations: SEARCH_DECORATIONS });
  }

  clearSearch(): void {
    this.#search.clearDecorations();
  }

  onDidChangeSearchResults(listener: (result: { resultIndex: number; resultCount: number }) => void): IDisposable {
    return this.#search.onDidChangeResults(listener);
  }

  status(now: number): ViewStatus {
    return {
      state: this.#state,
      level: this.#level,
      serviceQueue: this.#serviceQueue,
      unrendered: this.#received - this.#rendered,
      bytesPerSecond: this.#meter.bytesPerSecond(now),
      exit: this.#exit,
      message: this.#message,
      cols: this.#terminal.cols,
      rows: this.#terminal.rows,
      renderer: this.#renderer(),
      foreignSize: this.#foreignSize(),
    };
  }

  /** The visible rows as text (for the test hook and accessibility tools). */
  screenText(): string {
    const buffer = this.#terminal.buffer.active;
    const lines: string[] = [];
    for (let y = buffer.viewportY; y < buffer.viewportY + this.#terminal.rows; y++) {
      lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  }

  // --- SessionSink: the service's events for this session, in stream order ---------------------

  handleSnapshot(event: SnapshotEvent): void {
    // A snapshot answers an attach or a resume; one that crossed a later suspend is stale.
    if (this.#state !== 'attaching' && this.#state !== 'resuming') return;
    this.#state = 'live';
    this.#ptySize = { cols: event.cols, rows: event.rows };
    this.#plannedSize = { cols: event.cols, rows: event.rows };
    this.#writer.then(() => {
      this.#terminal.reset();
      // One scrollback for the mirror and every view: a reload gets every line the first window had.
      this.#terminal.options.scrollback = event.scrollback;
      this.#resizeTerminal(event.cols, event.rows);
    });
    this.#writer.write(event.data);
  }

  handleOutput(event: OutputEvent, done: () => void): void {
    if (this.#state !== 'live') {
      // Sent before our suspend arrived, or before the snapshot we are waiting for: the snapshot
      // covers it. Processed now, so that the service's count of unacked messages drains.
      done();
      return;
    }
    this.#received++;
    const bytes = utf8Length(event.data);
    this.#writer.write(event.data, () => {
      this.#rendered++;
      this.#meter.add(bytes, performance.now());
      done();
    });
  }

  handleExit(event: ExitEvent): void {
    this.#exit = event;
    // While hidden the message waits: the resume brings the snapshot and then this exit again.
    if (this.#state === 'live') this.notice(`process exited with code ${event.exitCode}`);
    this.#onDidChangeStatus.fire();
  }

  handleWarning(event: BackpressureWarningEvent): void {
    this.#level = event.level;
    this.#serviceQueue = event.queue_size;
    this.#onDidChangeStatus.fire();
  }

  handleDetached(event: DetachedEvent): void {
    this.#stop(DETACH_REASONS[event.reason]);
  }

  /** The connection to the service is gone: nothing more will arrive, and nothing can be sent. */
  disconnect(reason: string): void {
    if (this.#session !== null) this.#stop(reason);
  }

  handleSize(event: SizeEvent): void {
    this.#ptySize = { cols: event.cols, rows: event.rows };
    const elsewhere = this.#claimed?.cols !== event.cols || this.#claimed.rows !== event.rows;
    if (elsewhere) this.#toldCell = undefined;
    if (elsewhere !== this.#sizedElsewhere) {
      this.#sizedElsewhere = elsewhere;
      this.#onDidChangeStatus.fire();
    }
    // Hidden: the snapshot on resume carries the size.
    if (this.#state !== 'live') return;
    this.#planResize(event.cols, event.rows);
  }

  handleTitle(event: TitleEvent): void {
    this.#onDidChangeTitle.fire(event.title);
  }

  handleBell(_event: BellEvent): void {
    this.#onDidBell.fire();
  }

  dispose(): void {
    this.#registration?.dispose();
    for (const disposable of this.#disposables) disposable.dispose();
    this.#onDidChangeTitle.dispose();
    this.#onDidChangeStatus.dispose();
    this.#onDidBell.dispose();
    this.#onDidSelect.dispose();
    this.#terminal.dispose();
  }

  /** What the status says about another window's size (see `ViewStatus.foreignSize`). */
  #foreignSize(): ViewStatus['foreignSize'] {
    const pty = this.#ptySize;
    // Only then the fit: it reads computed styles, which forces a style and layout pass in the
    // middle of a flood (the status is asked for at every level change and four times a second).
    if (!this.#sizedElsewhere || !pty || this.#state === 'detached') return null;
    const fits = this.proposedSize();
    if (!fits) return null;
    if (pty.cols === fits.cols && pty.rows === fits.rows) return null;
    return { cols: pty.cols, rows: pty.rows, clipped: pty.cols > fits.cols || pty.rows > fits.rows };
  }

  /** The cell size in CSS pixels, once xterm.js has measured its font. */
  #cellSize(): { width: number; height: number } | undefined {
    const cell = (this.#terminal as unknown as RenderDimensions)._core?._renderService?.dimensions?.css.cell;
    return cell && cell.width > 0 && cell.height > 0 ? { width: cell.width, height: cell.height } : undefined;
  }

  #stop(reason: string): void {
    if (this.#state === 'detached') return;
    this.#state = 'detached';
    this.#message = reason;
    this.#level = 'green';
    this.notice(reason);
    this.#onDidChangeStatus.fire();
  }

  /**
   * A one-way message to the service. If the connection has closed, the client throws: the view
   * stops (the app also hears of it through the client's `error` event and tells every tab).
   */
  #send(send: (api: SluiceApi) => void): void {
    try {
      send(this.#api);
    } catch (error) {
      if (!(error instanceof SluiceError && error.code === 'closed')) throw error;
      this.#stop('the connection to the service is closed; reload to reconnect');
    }
  }

  #takesInput(): boolean {
    return this.#state !== 'connecting' && this.#state !== 'detached' && this.#exit === null;
  }

  #input(data: string): void {
    const session = this.#session;
    if (session === null || !this.#takesInput()) return;
    // Resize first, so the program sees the new size before it reads the keystroke.
    this.claimSize();
    this.#send((api) => api.write(session, data));
  }

  /**
   * Resizes in stream order: output already received was laid out for the old size. Only when the
   * size changes, so a keystroke during a flood does not make later output wait for a no-op.
   */
  #planResize(cols: number, rows: number): void {
    const planned = this.#plannedSize ?? { cols: this.#terminal.cols, rows: this.#terminal.rows };
    if (planned.cols === cols && planned.rows === rows) return;
    this.#plannedSize = { cols, rows };
    this.#writer.then(() => this.#resizeTerminal(cols, rows));
  }

  #resizeTerminal(cols: number, rows: number): void {
    if (this.#terminal.cols !== cols || this.#terminal.rows !== rows) this.#terminal.resize(cols, rows);
  }
}
