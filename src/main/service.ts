/**
 * The terminal service: sessions (one PTY each, with a headless mirror), the watermark broadcaster
 * and the protocol, spoken over any port-like endpoint. No Electron import: the Electron entry
 * hands it `MessagePortMain`s; tests and benchmarks hand it `worker_threads` ports; web mode a
 * WebSocket adapter.
 */
import { homedir, userInfo } from 'node:os';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../shared/flow';
import type { CreateOptions, KillSignal, SessionInfo } from '../shared/protocol';
import { DEFAULT_SCROLLBACK, MAX_SCROLLBACK } from '../shared/terminal/emulation';
import { DARK_THEME, type TerminalTheme } from '../shared/terminal/palette';
import { systemClock, type Clock } from './broadcast/clock';
import { Connection } from './connection';
import type { FlowTrace } from './flowTrace';
import { MirrorPool, type MirrorPoolOptions } from './mirror/mirrorPool';
import { spawnPty } from './pty/nodePty';
import { ServiceError, type ServiceCore } from './serviceCore';
import { Session } from './session';
import { toEndpoint, type EndpointLike } from './transport/endpoint';

export interface ServiceLimits {
  /** Sessions one connection may have created and still running or listed. */
  readonly sessionsPerConnection: number;
  /** Sessions in all. */
  readonly sessions: number;
}

/**
 * Far above what a person opens (a hundred tabs), far below the kernel's PTY limit (4096 by
 * default, `/proc/sys/kernel/pty/max`), so a runaway script hits a clear error, not the kernel's.
 */
export const DEFAULT_LIMITS: ServiceLimits = { sessionsPerConnection: 128, sessions: 512 };

export interface TerminalServiceConfig {
  readonly flow?: FlowConfig;
  /** Time for the broadcaster's intervals and the lifecycle's grace (tests pass a manual clock). */
  readonly clock?: Clock;
  /** Lines of scrollback of every session's mirror and views (default 10 000, as GNOME Terminal). */
  readonly scrollback?: number;
  /** The colours the app shows; the mirror answers colour queries with them. */
  readonly theme?: TerminalTheme;
  /** Unparsed bytes a session's mirror may hold before the PTY waits for it (`DEFAULT_MIRROR_BUDGET_BYTES`). */
  readonly mirrorBudgetBytes?: number;
  readonly mirror?: MirrorPoolOptions;
  /** The shell when a create names none (default: $SHELL, else the user's login shell, else /bin/sh). */
  readonly shell?: string;
  /** The environment sessions start from (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * How long a session nobody watches (never attached, or its last window closed or its socket
   * dropped), running or exited, lives on before it is ended, so that a reload (Ctrl+R) finds it;
   * 0 keeps such sessions until they are killed.
   */
  readonly orphanGraceMs?: number;
  readonly limits?: Partial<ServiceLimits>;
  /** Sees every flow decision as it happens (the bench's timeline); off by default. */
  readonly trace?: FlowTrace;
}

export interface ConnectionHandle {
  /** Ends this connection: its subscriptions go, and any pause held on their account is released. */
  close(): void;
}

/**
 * The mirror's own backlog budget: unparsed output it may hold before the PTY waits for it. Raw
 * output is cheap to hold (a byte per character), so it is larger than a window's red budget: on a
 * busy machine the mirror, at a lower priority, falls behind a flood and catches up when the CPU
 * is free, instead of pausing the program the user watches. It bounds each session's memory: at
 * most this much output waits for the mirror (docs/performance.md, "the mirror").
 */
export const DEFAULT_MIRROR_BUDGET_BYTES = 8 * 1024 * 1024;

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
  #scrollback: number;
  #theme: TerminalTheme;
  readonly #mirrorBudgetBytes: number;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #shell: string;
  readonly #mirrors: MirrorPool;
  readonly #sessions = new Map<number, Session>();
  /** Sessions by the connection that created them, while it is open (for its limit). */
  readonly #created = new Map<object, Set<Session>>();
  readonly #connections = new Set<Connection>();
  readonly #orphanGraceMs: number;
  readonly #limits: ServiceLimits;
  readonly #trace: FlowTrace | undefined;
  #nextId = 1;
  #disposed = false;

  constructor(config: TerminalServiceConfig = {}) {
    this.#flow = config.flow ?? DEFAULT_FLOW_CONFIG;
    this.#clock = config.clock ?? systemClock;
    this.#scrollback = checkScrollback(config.scrollback ?? DEFAULT_SCROLLBACK);
    this.#theme = config.theme ?? DARK_THEME;
    this.#mirrorBudgetBytes = config.mirrorBudgetBytes ?? DEFAULT_MIRROR_BUDGET_BYTES;
    this.#env = config.env ?? process.env;
    this.#shell = config.shell ?? defaultShell(this.#env);
    this.#mirrors = new MirrorPool(config.mirror);
    this.#orphanGraceMs = config.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
    this.#limits = checkLimits({ ...DEFAULT_LIMITS, ...config.limits });
    this.#trace = config.trace;
  }

  get flow(): FlowConfig {
    return this.#flow;
  }

  connect(endpoint: EndpointLike): ConnectionHandle {
    if (this.#disposed) throw new Error('TerminalService is disposed');
    const connection = new Connection(toEndpoint(endpoint), this);
    this.#connections.add(connection);
    this.#created.set(connection, new Set());
    return { close: () => connection.close() };
  }

  /**
   * The user changed their settings: the theme (colour answers follow it) and the scrollback
   * length (every mirror keeps that many lines from now on; views learn it with their next snapshot).
   */
  configure(settings: { readonly theme?: TerminalTheme; readonly scrollback?: number }): void {
    if (settings.theme) {
      this.#theme = settings.theme;
      this.#mirrors.setTheme(settings.theme);
    }
    if (settings.scrollback !== undefined && settings.scrollback !== this.#scrollback) {
      this.#scrollback = checkScrollback(settings.scrollback);
      this.#mirrors.setScrollback(this.#scrollback);
    }
  }

  create(options: CreateOptions, owner?: object): Session {
    if (this.#disposed) throw new ServiceError('spawn_failed', 'the service is shutting down');
    this.#checkLimits(owner);
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
      mirror: this.#mirrors.create(id, { cols, rows, scrollback: this.#scrollback, theme: this.#theme }),
      flow: this.#flow,
      clock: this.#clock,
      cwd,
      cols,
      rows,
      mirrorBudgetBytes: this.#mirrorBudgetBytes,
      graceMs: this.#orphanGraceMs,
      trace: this.#trace,
    });
    this.#sessions.set(id, session);
    const created = owner === undefined ? undefined : this.#created.get(owner);
    created?.add(session);
    session.onReap(() => {
      this.#sessions.delete(id);
      created?.delete(session);
      session.killProcessGroup();
      session.dispose();
    });
    return session;
  }

  session(id: number): Session {
    const session = this.#sessions.get(id);
    if (!session) throw new ServiceError('unknown_session', `unknown session ${id}`);
    return session;
  }

  /** Every session; `fresh` looks at the foreground of hidden ones too (see `SluiceClient.list`). */
  list(fresh = false): SessionInfo[] {
    return [...this.#sessions.values()].map((session) => session.info(fresh));
  }

  kill(session: Session, signal?: KillSignal): void {
    session.close(signal);
  }

  forget(connection: object): void {
    this.#connections.delete(connection as Connection);
    this.#created.delete(connection);
  }

  /** Kills every session and waits for every process to end; nothing is left running. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const connection of [...this.#connections]) connection.close();
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((session) => this.#end(session)));
    await this.#mirrors.dispose();
  }

  #checkLimits(owner: object | undefined): void {
    const { sessions, sessionsPerConnection } = this.#limits;
    if (this.#sessions.size >= sessions) {
      throw new ServiceError(
        'limit_reached',
        `${sessions} sessions are open, the most the service allows (SLUICE_MAX_SESSIONS); close some first`,
      );
    }
    const mine = owner === undefined ? 0 : (this.#created.get(owner)?.size ?? 0);
    if (mine >= sessionsPerConnection) {
      throw new ServiceError(
        'limit_reached',
        `this connection has ${mine} sessions open, the most one connection may have (SLUICE_MAX_SESSIONS_PER_CONNECTION); close some first`,
      );
    }
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

function checkScrollback(lines: number): number {
  if (!Number.isInteger(lines) || lines < 0 || lines > MAX_SCROLLBACK) {
    throw new RangeError(`scrollback must be a whole number of lines from 0 to ${MAX_SCROLLBACK}, got ${lines}`);
  }
  return lines;
}

/** Both limits are whole numbers of at least 1, and one connection may not have more than all. */
function checkLimits(limits: ServiceLimits): ServiceLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`limits.${name} must be a whole number of at least 1, got ${value}`);
    }
  }
  if (limits.sessionsPerConnection > limits.sessions) {
    throw new RangeError(
      `limits.sessionsPerConnection (${limits.sessionsPerConnection}) must not exceed limits.sessions (${limits.sessions})`,
    );
  }
  return limits;
}
