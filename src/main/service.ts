/**
 * The terminal service: sessions (one PTY each, with a headless mirror), the watermark broadcaster
 * and the protocol, spoken over any port-like endpoint. No Electron import: the Electron entry
 * hands it `MessagePortMain`s; tests and benchmarks hand it `worker_threads` ports; web mode a
 * WebSocket adapter.
 */
import { homedir, userInfo } from 'node:os';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../shared/flow';
import type { CreateOptions, KillSignal, SessionInfo } from '../shared/protocol';
import { systemClock, type Clock } from './broadcast/clock';
import { Connection } from './connection';
import type { FlowTrace } from './flowTrace';
import { MirrorPool, type MirrorPoolOptions } from './mirror/mirrorPool';
import { spawnPty } from './pty/nodePty';
import { ServiceError, type ServiceCore } from './serviceCore';
import { Session } from './session';
import { toEndpoint, type EndpointLike } from './transport/endpoint';

export interface TerminalServiceConfig {
  readonly flow?: FlowConfig;
  /** Time for the broadcaster's intervals (tests pass a manual clock). */
  readonly clock?: Clock;
  /** Lines of scrollback each mirror keeps, and so each snapshot carries (xterm.js's default). */
  readonly scrollback?: number;
  readonly mirror?: MirrorPoolOptions;
  /** The shell when a create names none (default: $SHELL, else the user's login shell, else /bin/sh). */
  readonly shell?: string;
  /** The environment sessions start from (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * How long a session nobody watches any more (its last window closed or its socket dropped)
   * lives on before it is killed, so that a reload (Ctrl+R) finds it; 0 keeps orphans forever.
   */
  readonly orphanGraceMs?: number;
  /** Sees every flow decision as it happens (the bench's timeline); off by default. */
  readonly trace?: FlowTrace;
}

export interface ConnectionHandle {
  /** Ends this connection: its subscriptions go, and any pause held on their account is released. */
  close(): void;
}

/** xterm.js's own default; a snapshot of 1000 full lines is ~100 KB, quick to send and write. */
const DEFAULT_SCROLLBACK = 1000;
const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;
/**
 * A reloading window reattaches within a second or two; a browser tab that reconnects after a
 * network blip, within a few more. 30 s covers both with room, and bounds how long a closed
 * window's shells keep running (VS Code's pty host keeps orphans for a similar grace).
 */
const DEFAULT_ORPHAN_GRACE_MS = 30_000;
/** How long `dispose` lets a process end on SIGHUP before it sends SIGKILL. */
const DISPOSE_GRACE_MS = 2000;

/**
 * `$SHELL`, else the login shell of the user's passwd entry, else `/bin/sh` — as a login would
 * choose. `$SHELL` is often unset where the service is started by something other than a login
 * shell (a CI runner, a systemd unit, a desktop launcher); falling straight to `/bin/sh` then gave
 * people dash, without line editing or history, instead of the shell they chose with `chsh`.
 */
function defaultShell(env: Readonly<Record<string, string | undefined>>): string {
  if (process.platform === 'win32') return env.COMSPEC ?? 'powershell.exe';
  return env.SHELL || loginShell() || '/bin/sh';
}

function loginShell(): string | undefined {
  try {
    return userInfo().shell ?? undefined;
  } catch {
    // No passwd entry for our uid (a container started with an arbitrary --user): no login shell.
    return undefined;
  }
}

export class TerminalService implements ServiceCore {
  readonly #flow: FlowConfig;
  readonly #clock: Clock;
  readonly #scrollback: number;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #shell: string;
  readonly #mirrors: MirrorPool;
  readonly #sessions = new Map<number, Session>();
  /** Sessions a client has killed: removed once they have exited and have no subscriber left. */
  readonly #closing = new WeakSet<Session>();
  readonly #connections = new Set<Connection>();
  readonly #orphanGraceMs: number;
  readonly #trace: FlowTrace | undefined;
  readonly #orphanTimers = new Map<Session, ReturnType<typeof setTimeout>>();
  #nextId = 1;
  #disposed = false;

  constructor(config: TerminalServiceConfig = {}) {
    this.#flow = config.flow ?? DEFAULT_FLOW_CONFIG;
    this.#clock = config.clock ?? systemClock;
    this.#scrollback = config.scrollback ?? DEFAULT_SCROLLBACK;
    this.#env = config.env ?? process.env;
    this.#shell = config.shell ?? defaultShell(this.#env);
    this.#mirrors = new MirrorPool(config.mirror);
    this.#orphanGraceMs = config.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
    this.#trace = config.trace;
  }

  get flow(): FlowConfig {
    return this.#flow;
  }

  connect(endpoint: EndpointLike): ConnectionHandle {
    if (this.#disposed) throw new Error('TerminalService is disposed');
    const connection = new Connection(toEndpoint(endpoint), this);
    this.#connections.add(connection);
    return { close: () => connection.close() };
  }

  create(options: CreateOptions): Session {
    if (this.#disposed) throw new ServiceError('spawn_failed', 'the service is shutting down');
    const cols = options.cols ?? DEFAULT_COLS;
    const rows = options.rows ?? DEFAULT_ROWS;
    const cwd = options.cwd ?? this.#env.HOME ?? homedir();
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...this.#env, ...options.env })) {
      if (value !== undefined) env[key] = value;
    }
    // Sluice is xterm.js: say so, whatever the parent process was started from.
    env.TERM = 'xterm-256color';
    env.COLORTERM = 'truecolor';
    let pty;
    try {
      pty = spawnPty({ shell: options.shell ?? this.#shell, args: options.args ?? [], cwd, env, cols, rows });
    } catch (error) {
      throw new ServiceError('spawn_failed', error instanceof Error ? error.message : String(error));
    }
    const id = this.#nextId++;
    const session = new Session({
      id,
      pty,
      mirror: this.#mirrors.create(id, { cols, rows, scrollback: this.#scrollback }),
      flow: this.#flow,
      clock: this.#clock,
      cwd,
      cols,
      rows,
      trace: this.#trace,
    });
    session.onExit(() => this.reap(session));
    this.#sessions.set(id, session);
    return session;
  }

  session(id: number): Session {
    const session = this.#sessions.get(id);
    if (!session) throw new ServiceError('unknown_session', `unknown session ${id}`);
    return session;
  }

  list(): SessionInfo[] {
    return [...this.#sessions.values()].map((session) => session.info());
  }

  kill(session: Session, signal?: KillSignal): void {
    this.#closing.add(session);
    session.kill(signal);
    this.reap(session);
  }

  reap(session: Session): void {
    if (session.exited && this.#closing.has(session) && session.subscriberCount === 0) {
      this.#sessions.delete(session.id);
      session.dispose();
    }
  }

  orphaned(session: Session): void {
    // Each orphaning starts a fresh grace; a reattach in between makes the old one moot.
    clearTimeout(this.#orphanTimers.get(session));
    this.#orphanTimers.delete(session);
    if (this.#disposed || this.#orphanGraceMs === 0 || session.subscriberCount > 0 || session.exited) return;
    const timer = setTimeout(() => {
      this.#orphanTimers.delete(session);
      if (session.subscriberCount === 0 && this.#sessions.get(session.id) === session) this.kill(session);
    }, this.#orphanGraceMs);
    // A pending grace must not keep a process alive that has nothing else to do.
    timer.unref();
    this.#orphanTimers.set(session, timer);
  }

  forget(connection: object): void {
    this.#connections.delete(connection as Connection);
  }

  /** Kills every session and waits for every process to end; nothing is left running. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const timer of this.#orphanTimers.values()) clearTimeout(timer);
    this.#orphanTimers.clear();
    for (const connection of [...this.#connections]) connection.close();
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((session) => this.#end(session)));
    await this.#mirrors.dispose();
  }

  async #end(session: Session): Promise<void> {
    if (!session.exited) {
      const exited = new Promise<void>((resolve) => session.onExit(() => resolve()));
      session.kill('SIGHUP');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), DISPOSE_GRACE_MS);
      });
      if (await Promise.race([exited.then(() => false), timedOut])) {
        session.kill('SIGKILL');
        await exited;
      }
      clearTimeout(timer);
    }
    session.killProcessGroup();
    session.dispose();
  }
}
