/**
 * The main-thread side of the session mirrors: a small pool of worker threads, each hosting the
 * headless terminals of several sessions, and a `Mirror` handle per session that batches output,
 * counts the bytes the worker has not parsed yet (its lag) and asks for snapshots.
 */
import { Worker } from 'node:worker_threads';
import { Emitter, type Event } from '../../shared/event';
import type { TerminalTheme } from '../../shared/terminal/palette';
import type { FromMirror, ToMirror } from './mirrorMessages';
import type { TitleOp } from '../titleTracker';

export interface MirrorSnapshot {
  readonly data: string;
  readonly cols: number;
  readonly rows: number;
  /** The scrollback length the mirror keeps, which the view must keep too. */
  readonly scrollback: number;
}

export interface MirrorOptions {
  readonly cols: number;
  readonly rows: number;
  readonly scrollback: number;
  /** The colours the app shows: the mirror answers colour queries with them. */
  readonly theme: TerminalTheme;
}

/**
 * Output goes to the worker in messages of at most this many bytes (PTY reads of one event-loop
 * turn are joined up to it): progress comes back per message, so the lag the session sees moves
 * in steps no coarser than this while a backlog is parsed.
 */
const MAX_POST_BYTES = 64 * 1024;

/** How to start a mirror worker: the file to run and, for TypeScript sources, its entry. */
export interface MirrorWorkerSpec {
  readonly file: URL | string;
  readonly workerData?: unknown;
}

/**
 * Where the worker is when nobody says otherwise. Run from TypeScript sources (tests, benchmarks,
 * web mode under tsx) the worker is compiled by tsx through a bootstrap; in a bundle the worker
 * sits next to the bundle as `mirrorWorker.js` (see electron.vite.config.ts).
 */
export function defaultMirrorWorker(): MirrorWorkerSpec {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return {
      file: new URL('./workerBootstrap.mjs', here),
      workerData: { entry: new URL('./mirrorWorker.ts', here).href },
    };
  }
  const bundled = './mirrorWorker.js';
  return { file: new URL(bundled, here) };
}

/** One session's mirror, as the session sees it. */
export class Mirror {
  readonly #id: number;
  readonly #host: MirrorHost;
  /** Output not yet posted: the reads of one event-loop turn go to the worker together. */
  #batch: string[] = [];
  #batchBytes = 0;
  /** Bytes handed to the mirror and not yet reported parsed. */
  #lagBytes = 0;
  #flushScheduled = false;
  #nextRequest = 1;
  readonly #snapshots = new Map<
    number,
    { resolve: (snapshot: MirrorSnapshot) => void; reject: (error: Error) => void }
  >();
  #title = '';
  #disposed = false;
  /** Its worker died: the mirror keeps no screen any more and holds nothing back. */
  #failure: Error | undefined;
  readonly #onProgress = new Emitter<void>();
  readonly #onTitles = new Emitter<readonly TitleOp[]>();
  readonly #onReply = new Emitter<string>();
  readonly #onBell = new Emitter<void>();
  readonly #onCwd = new Emitter<string>();

  /** The worker parsed some output; `lagBytes` went down. */
  readonly onProgress: Event<void> = this.#onProgress.event;
  /**
   * The program set the window title (OSC 0 or 2), pushed it on the title stack or popped one
   * from it: in stream order, what one slice of parsing saw.
   */
  readonly onTitles: Event<readonly TitleOp[]> = this.#onTitles.event;
  /** The terminal answered a query: the answer goes to the program, once, in stream order. */
  readonly onReply: Event<string> = this.#onReply.event;
  readonly onBell: Event<void> = this.#onBell.event;
  /** OSC 7: the program reported its directory (`file://host/path`). */
  readonly onCwd: Event<string> = this.#onCwd.event;

  /** The scrollback it was opened with (what a snapshot says when the worker cannot). */
  readonly scrollback: number;

  constructor(id: number, host: MirrorHost, options: MirrorOptions) {
    this.#id = id;
    this.#host = host;
    this.scrollback = options.scrollback;
    host.post({ op: 'open', id, ...options });
  }

  /** Bytes handed to the mirror and not yet parsed by it. */
  get lagBytes(): number {
    return this.#lagBytes;
  }

  get title(): string {
    return this.#title;
  }

  write(data: string, bytes: number): void {
    if (this.#disposed || this.#failure) return;
    if (this.#batchBytes + bytes > MAX_POST_BYTES) this.#flush();
    this.#batch.push(data);
    this.#batchBytes += bytes;
    this.#lagBytes += bytes;
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // setImmediate runs after the poll phase, so every PTY read of this turn shares one message.
      setImmediate(() => this.#flush());
    }
  }

  resize(cols: number, rows: number): void {
    if (this.#disposed || this.#failure) return;
    this.#flush();
    this.#host.post({ op: 'resize', id: this.#id, cols, rows });
  }

  /** The cell size, in CSS pixels, of the window that sized the session (for pixel-size reports). */
  setCellSize(width: number, height: number): void {
    if (this.#disposed || this.#failure) return;
    this.#host.post({ op: 'cell', id: this.#id, width, height });
  }

  /** The screen and scrollback after every byte written so far, and nothing after. */
  snapshot(): Promise<MirrorSnapshot> {
    if (this.#disposed) return Promise.reject(new Error('mirror disposed'));
    if (this.#failure) return Promise.reject(this.#failure);
    this.#flush();
    const request = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#snapshots.set(request, { resolve, reject });
      this.#host.post({ op: 'snapshot', id: this.#id, request });
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#host.post({ op: 'close', id: this.#id });
    this.#host.forget(this.#id);
    for (const emitter of [this.#onProgress, this.#onTitles, this.#onReply, this.#onBell, this.#onCwd]) {
      emitter.dispose();
    }
  }

  /** @internal Called by the host for messages about this mirror. */
  receive(message: FromMirror): void {
    switch (message.op) {
      case 'parsed':
        this.#lagBytes -= message.bytes;
        this.#onProgress.fire();
        return;
      case 'snapshot': {
        const pending = this.#snapshots.get(message.request);
        this.#snapshots.delete(message.request);
        pending?.resolve({
          data: message.data,
          cols: message.cols,
          rows: message.rows,
          scrollback: message.scrollback,
        });
        return;
      }
      case 'titles':
        for (const op of message.ops) if (op.kind !== 'push') this.#title = op.title;
        this.#onTitles.fire(message.ops);
        return;
      case 'reply':
        this.#onReply.fire(message.data);
        return;
      case 'bell':
        this.#onBell.fire();
        return;
      case 'cwd':
        this.#onCwd.fire(message.uri);
        return;
      case 'log':
        console.warn(`sluice: session ${this.#id}: ${message.message}`);
        return;
    }
  }

  /**
   * @internal The worker died. Its backlog is gone with it, so it must not hold the PTY any more
   * (a session would freeze), and waiting snapshots will never come: they fail now.
   */
  fail(error: Error): void {
    if (this.#failure || this.#disposed) return;
    this.#failure = error;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#lagBytes = 0;
    for (const pending of this.#snapshots.values()) pending.reject(error);
    this.#snapshots.clear();
    this.#onProgress.fire();
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#batch.length === 0 || this.#disposed || this.#failure) return;
    const data = this.#batch.length === 1 ? (this.#batch[0] ?? '') : this.#batch.join('');
    const bytes = this.#batchBytes;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#host.post({ op: 'write', id: this.#id, data, bytes });
  }
}

/** One worker thread and the mirrors it hosts. */
class MirrorHost {
  readonly #worker: Worker;
  readonly #mirrors = new Map<number, Mirror>();

  #terminating = false;
  #dead = false;
  #lastError: Error | undefined;

  constructor(spec: MirrorWorkerSpec, nice: number, onError: (error: Error) => void) {
    const data = typeof spec.workerData === 'object' && spec.workerData !== null ? spec.workerData : {};
    this.#worker = new Worker(spec.file, { workerData: { ...data, nice } });
    this.#worker.on('message', (message: FromMirror) => {
      const mirror = this.#mirrors.get(message.id);
      if (mirror) mirror.receive(message);
      // A closing mirror's last words (its count of malformed sequences) arrive after it is gone.
      else if (message.op === 'log') console.warn(`sluice: session ${message.id}: ${message.message}`);
    });
    // An uncaught exception is an 'error' and then an 'exit'; a crash or process.exit() only the exit.
    this.#worker.on('error', (error) => {
      this.#lastError = error;
    });
    this.#worker.on('exit', (code) => {
      if (this.#terminating) return;
      this.#dead = true;
      const error = this.#lastError ?? new Error(`mirror worker exited with code ${code}`);
      for (const mirror of this.#mirrors.values()) mirror.fail(error);
      onError(error);
    });
    // An idle pool must not keep a process (a test, `npm run bench`) alive on its own.
    this.#worker.unref();
  }

  get size(): number {
    return this.#mirrors.size;
  }

  add(id: number, options: MirrorOptions): Mirror {
    const mirror = new Mirror(id, this, options);
    this.#mirrors.set(id, mirror);
    return mirror;
  }

  post(message: ToMirror): void {
    if (!this.#dead) this.#worker.postMessage(message);
  }

  forget(id: number): void {
    this.#mirrors.delete(id);
  }

  /** The worker died on its own; the pool starts a new one for later sessions. */
  get dead(): boolean {
    return this.#dead;
  }

  terminate(): Promise<number> {
    this.#terminating = true;
    return this.#worker.terminate();
  }
}

/**
 * How much lower the mirror thread's scheduling priority is than the rest of the service (a nice
 * value, Linux). The mirror may lag behind a flood and catch up (its backlog has its own budget),
 * so when the cores are busy the path to the screen should win: at nice 10 the kernel gives a
 * busy normal thread about ten times the mirror's share of a contended core (CFS weights 1024
 * and 110). Nice 19 showed no gain in the floods over it (docs/performance.md).
 */
export const MIRROR_NICE = 10;

export interface MirrorPoolOptions {
  /** Worker threads to spread sessions over (default 1: on 2 cores, one for main, one to parse). */
  readonly workers?: number;
  /** The mirror threads' nice value (default `MIRROR_NICE`; 0: the service's own priority). */
  readonly nice?: number;
  readonly worker?: MirrorWorkerSpec;
  /** A worker died (its sessions have been told); default: log it. */
  readonly onError?: (error: Error) => void;
}

export class MirrorPool {
  readonly #hosts: MirrorHost[] = [];
  readonly #count: number;
  readonly #nice: number;
  readonly #spec: MirrorWorkerSpec;
  readonly #onError: (error: Error) => void;

  constructor(options: MirrorPoolOptions = {}) {
    this.#count = Math.max(1, options.workers ?? 1);
    this.#nice = options.nice ?? MIRROR_NICE;
    this.#spec = options.worker ?? defaultMirrorWorker();
    this.#onError = options.onError ?? ((error) => console.error('sluice: mirror worker failed:', error));
  }

  /** A mirror on the least loaded worker; workers start lazily with the first sessions. */
  create(id: number, options: MirrorOptions): Mirror {
    // A worker that died keeps its failed mirrors; new sessions go to a live one.
    for (let i = this.#hosts.length - 1; i >= 0; i--) if (this.#hosts[i]?.dead) this.#hosts.splice(i, 1);
    let host: MirrorHost | undefined;
    if (this.#hosts.length < this.#count) {
      host = new MirrorHost(this.#spec, this.#nice, this.#onError);
      this.#hosts.push(host);
    } else {
      host = this.#hosts.reduce((a, b) => (b.size < a.size ? b : a));
    }
    return host.add(id, options);
  }

  /** Colour answers of every mirror follow the app's theme from now on. */
  setTheme(theme: TerminalTheme): void {
    for (const host of this.#hosts) host.post({ op: 'theme', theme });
  }

  /** Every mirror keeps `lines` of scrollback from now on. */
  setScrollback(lines: number): void {
    for (const host of this.#hosts) host.post({ op: 'scrollback', lines });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#hosts.splice(0).map((host) => host.terminate()));
  }
}
