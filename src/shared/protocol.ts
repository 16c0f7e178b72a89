/**
 * The wire protocol between a client (a renderer window, a test, a benchmark) and the terminal
 * service. One discriminated union per direction, each member a zod schema; the TypeScript types
 * are derived from the schemas, so the validator and the types cannot disagree.
 *
 * Messages are plain objects, structured-cloned over a MessagePort or JSON over a WebSocket.
 */
import { z } from 'zod';

/** Limits that keep one message from asking the service for something unreasonable. */
export const ProtocolLimits = {
  /** Session ids are positive integers handed out by the service. */
  maxSessionId: 2 ** 31 - 1,
  /** Request ids are chosen by the client; any safe non-negative integer will do. */
  maxRequestId: Number.MAX_SAFE_INTEGER,
  /**
   * One `input` message carries at most this many UTF-16 units. The client splits larger pastes;
   * a single 16 MiB message would block the PTY write and the event loop for no benefit.
   */
  maxInputLength: 1 << 20,
  /** Terminal sizes beyond this are a bug or an attack, not a screen (xterm.js caps lower still). */
  maxCols: 2000,
  maxRows: 1000,
  /** An ack of more than this many messages cannot be honest: red starts thousands below it. */
  maxAckCount: 1 << 24,
  maxArgs: 256,
  maxStringLength: 4096,
  maxEnvEntries: 1024,
} as const;

const sessionId = z.number().int().min(1).max(ProtocolLimits.maxSessionId);
const requestId = z.number().int().min(0).max(ProtocolLimits.maxRequestId);
const cols = z.number().int().min(1).max(ProtocolLimits.maxCols);
const rows = z.number().int().min(1).max(ProtocolLimits.maxRows);
const shortString = z.string().max(ProtocolLimits.maxStringLength);
/** What reaches execve(): a NUL would silently cut the C string short, so it is refused. */
const cString = shortString.regex(/^[^\0]*$/, 'must not contain NUL');
/** An environment name: no NUL, and no `=` (it would split into another name and value). */
const envName = shortString.regex(/^[^\0=]+$/, 'must be non-empty and contain neither NUL nor =');

/** Signals a client may send with `kill`. Anything else is refused rather than passed to kill(2). */
export const KILL_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGKILL', 'SIGUSR1', 'SIGUSR2'] as const;

// ---------------------------------------------------------------------------------------------
// Requests (client → service)

export const CreateRequest = z.strictObject({
  type: z.literal('create'),
  id: requestId,
  shell: cString.min(1).optional(),
  args: z.array(cString).max(ProtocolLimits.maxArgs).optional(),
  cwd: cString.min(1).optional(),
  env: z
    .record(envName, cString)
    .refine((env) => Object.keys(env).length <= ProtocolLimits.maxEnvEntries, 'too many env entries')
    .optional(),
  cols: cols.optional(),
  rows: rows.optional(),
});
/**
 * `fresh`: look again at the foreground of every session (a person is about to close something);
 * without it, only sessions a window shows are looked at, the others say what was last seen.
 */
export const ListRequest = z.strictObject({ type: z.literal('list'), id: requestId, fresh: z.boolean().optional() });
export const AttachRequest = z.strictObject({ type: z.literal('attach'), id: requestId, session: sessionId });
export const DetachRequest = z.strictObject({ type: z.literal('detach'), id: requestId, session: sessionId });
export const KillRequest = z.strictObject({
  type: z.literal('kill'),
  id: requestId,
  session: sessionId,
  signal: z.enum(KILL_SIGNALS).optional(),
});
export const InputRequest = z.strictObject({
  type: z.literal('input'),
  session: sessionId,
  data: z.string().max(ProtocolLimits.maxInputLength),
});
/** A cell's size in CSS pixels: anything from a speck to a poster. */
const cellPixels = z.number().min(1).max(1000);
/**
 * The PTY's size (the sending view takes it: tmux's `latest`). `cellWidth`/`cellHeight` are that
 * view's cell size in CSS pixels, so the session can answer a program's pixel-size reports.
 */
export const ResizeRequest = z.strictObject({
  type: z.literal('resize'),
  session: sessionId,
  cols,
  rows,
  cellWidth: cellPixels.optional(),
  cellHeight: cellPixels.optional(),
});
export const SuspendRequest = z.strictObject({ type: z.literal('suspend'), session: sessionId });
export const ResumeRequest = z.strictObject({ type: z.literal('resume'), session: sessionId });
/** Exactly the seed's `AckRequest`: `count` output messages of this session have been processed. */
export const AckRequest = z.strictObject({
  type: z.literal('ack'),
  session: sessionId,
  count: z.number().int().min(1).max(ProtocolLimits.maxAckCount),
});

export const ClientMessage = z.discriminatedUnion('type', [
  CreateRequest,
  ListRequest,
  AttachRequest,
  DetachRequest,
  KillRequest,
  InputRequest,
  ResizeRequest,
  SuspendRequest,
  ResumeRequest,
  AckRequest,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type CreateRequest = z.infer<typeof CreateRequest>;
export type KillRequest = z.infer<typeof KillRequest>;
export type KillSignal = (typeof KILL_SIGNALS)[number];
export type CreateOptions = Omit<CreateRequest, 'type' | 'id'>;

/** Requests that carry an `id` and are answered with a `response`. */
export type RequestWithId = Extract<ClientMessage, { id: number }>;
export type RequestType = RequestWithId['type'];
/** What the client fills in for a request of type `T` (the rest: `type` and `id`). */
export type RequestBody<T extends RequestType> = Omit<Extract<RequestWithId, { type: T }>, 'type' | 'id'>;

// ---------------------------------------------------------------------------------------------
// Events (service → client)

export const FLOW_LEVELS = ['green', 'yellow', 'red'] as const;
export const FlowLevelSchema = z.enum(FLOW_LEVELS);
export type FlowLevel = z.infer<typeof FlowLevelSchema>;

export const ERROR_CODES = [
  'invalid_message',
  'unknown_session',
  'not_attached',
  'already_attached',
  'bad_ack',
  'spawn_failed',
  'session_exited',
  /** A configured limit (sessions per connection or in all) would be exceeded. */
  'limit_reached',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

const ErrorBody = z.strictObject({ code: ErrorCodeSchema, message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ExitInfo = z.strictObject({
  exitCode: z.number().int(),
  /** The number of the signal that ended the process, or null. */
  signal: z.number().int().nullable(),
});
export type ExitInfo = z.infer<typeof ExitInfo>;

export const SessionInfo = z.strictObject({
  session: sessionId,
  pid: z.number().int(),
  /** What its tab shows: the program's OSC title while current, else the foreground program. */
  title: z.string(),
  /** The program in the foreground (the shell when idle). */
  process: z.string(),
  /** A program other than the shell runs: closing the session would end it (ask first). */
  busy: z.boolean(),
  cwd: z.string(),
  cols,
  rows,
  subscribers: z.number().int().min(0),
  exited: ExitInfo.nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** What each request resolves to, by request type. */
export const ResultSchemas = {
  create: z.strictObject({ session: sessionId }),
  list: z.strictObject({ sessions: z.array(SessionInfo) }),
  attach: z.strictObject({ session: sessionId, cols, rows }),
  detach: z.strictObject({ session: sessionId }),
  kill: z.strictObject({ session: sessionId }),
} as const satisfies Record<RequestType, z.ZodType>;
export type ResultOf<T extends RequestType> = z.infer<(typeof ResultSchemas)[T]>;

export const ResponseEvent = z.union([
  z.strictObject({ type: z.literal('response'), id: requestId, ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ type: z.literal('response'), id: requestId, ok: z.literal(false), error: ErrorBody }),
]);
export const SnapshotEvent = z.strictObject({
  type: z.literal('snapshot'),
  session: sessionId,
  data: z.string(),
  cols,
  rows,
  /** The session's scrollback length: the view keeps exactly as many lines as the mirror. */
  scrollback: z.number().int().min(0),
});
export const OutputEvent = z.strictObject({ type: z.literal('output'), session: sessionId, data: z.string() });
export const ExitEvent = z.strictObject({
  type: z.literal('exit'),
  session: sessionId,
  exitCode: z.number().int(),
  signal: z.number().int().nullable(),
});
/** Exactly the seed's event: `queue_size` is the count of messages sent and not yet acknowledged. */
export const BackpressureWarningEvent = z.strictObject({
  type: z.literal('backpressure_warning'),
  session: sessionId,
  queue_size: z.number().int().min(0),
  level: FlowLevelSchema,
});
export const DetachedEvent = z.strictObject({
  type: z.literal('detached'),
  session: sessionId,
  reason: z.enum(['backpressure', 'killed', 'requested']),
});
/**
 * The PTY changed size (another view took focus or input and resized it). Views adopt it, so
 * that every view of a session shows the same grid (tmux's `latest` window-size policy).
 */
export const SizeEvent = z.strictObject({ type: z.literal('size'), session: sessionId, cols, rows });
/** The name the session's tab shows changed (live: the foreground program, or the program's title). */
export const TitleEvent = z.strictObject({ type: z.literal('title'), session: sessionId, title: z.string() });
/** The program rang the bell (at most one event per 200 ms), also for a hidden view. */
export const BellEvent = z.strictObject({ type: z.literal('bell'), session: sessionId });
export const ErrorEvent = z.strictObject({
  type: z.literal('error'),
  id: requestId.optional(),
  code: ErrorCodeSchema,
  message: z.string(),
});

export const ServiceMessage = z.union([
  ResponseEvent,
  SnapshotEvent,
  OutputEvent,
  ExitEvent,
  BackpressureWarningEvent,
  DetachedEvent,
  SizeEvent,
  TitleEvent,
  BellEvent,
  ErrorEvent,
]);
export type ServiceMessage = z.infer<typeof ServiceMessage>;
export type ResponseEvent = z.infer<typeof ResponseEvent>;
export type SnapshotEvent = z.infer<typeof SnapshotEvent>;
export type OutputEvent = z.infer<typeof OutputEvent>;
export type ExitEvent = z.infer<typeof ExitEvent>;
export type BackpressureWarningEvent = z.infer<typeof BackpressureWarningEvent>;
export type DetachedEvent = z.infer<typeof DetachedEvent>;
export type SizeEvent = z.infer<typeof SizeEvent>;
export type TitleEvent = z.infer<typeof TitleEvent>;
export type BellEvent = z.infer<typeof BellEvent>;
export type ErrorEvent = z.infer<typeof ErrorEvent>;
/** The events a session's subscriber receives (in stream order, but for `title`, `bell` and `error`). */
export type SessionEvent =
  | SnapshotEvent
  | OutputEvent
  | ExitEvent
  | BackpressureWarningEvent
  | DetachedEvent
  | SizeEvent
  | TitleEvent
  | BellEvent
  | ErrorEvent;

/** Turns zod's issues into one readable line: `count: Too small: expected number to be >=1`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') + ': ' : ''}${issue.message}`)
    .join('; ');
}

/** The request id of an otherwise invalid message, so the error can name the request it answers. */
export function salvageRequestId(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null || !('id' in message)) return undefined;
  const parsed = requestId.safeParse(message.id);
  return parsed.success ? parsed.data : undefined;
}
