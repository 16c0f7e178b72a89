/**
 * The resource limits, read once at start from `SLUICE_MAX_*` and `SLUICE_WEB_*` environment
 * variables, checked like the flow configuration (config.ts): a bad value stops the start with a
 * message that names the variable and the accepted form, and is never silently replaced.
 */
import { ConfigError } from './config';
import { DEFAULT_LIMITS, type ServiceLimits } from './service';
import { DEFAULT_WEB_LIMITS, type WebLimits } from './web/webLimits';

export interface Limits {
  readonly service: ServiceLimits;
  readonly web: WebLimits;
}

interface Variable<K extends string> {
  readonly key: K;
  readonly name: string;
  /** The largest accepted value: past it a value is a typo, or defeats the limit. */
  readonly max: number;
}

/**
 * A limit on sessions: the kernel's PTY limit (`/proc/sys/kernel/pty/max`) is 4096 by default,
 * so a larger number could never be reached.
 */
const MAX_SESSIONS = 4096;
/** Far more connections than a loopback server has file descriptors for by default (1024). */
const MAX_CONNECTIONS = 65_536;
/** 16 GiB: more than a desktop's memory; a larger budget is no budget. */
const MAX_BYTES = 2 ** 34;
/** A day: a longer time-out is no time-out. */
const MAX_MS = 24 * 60 * 60 * 1000;

const SERVICE_VARIABLES: ReadonlyArray<Variable<keyof ServiceLimits>> = [
  { key: 'sessions', name: 'SLUICE_MAX_SESSIONS', max: MAX_SESSIONS },
  { key: 'sessionsPerConnection', name: 'SLUICE_MAX_SESSIONS_PER_CONNECTION', max: MAX_SESSIONS },
];

const WEB_VARIABLES: ReadonlyArray<Variable<keyof WebLimits>> = [
  { key: 'connections', name: 'SLUICE_WEB_MAX_CONNECTIONS', max: MAX_CONNECTIONS },
  { key: 'socketBufferBytes', name: 'SLUICE_WEB_SOCKET_BUFFER_BYTES', max: MAX_BYTES },
  { key: 'bufferedBytes', name: 'SLUICE_WEB_BUFFERED_BYTES', max: MAX_BYTES },
  { key: 'headersTimeoutMs', name: 'SLUICE_WEB_HEADERS_TIMEOUT_MS', max: MAX_MS },
  { key: 'requestTimeoutMs', name: 'SLUICE_WEB_REQUEST_TIMEOUT_MS', max: MAX_MS },
  { key: 'keepAliveTimeoutMs', name: 'SLUICE_WEB_KEEP_ALIVE_TIMEOUT_MS', max: MAX_MS },
  { key: 'upgradeTimeoutMs', name: 'SLUICE_WEB_UPGRADE_TIMEOUT_MS', max: MAX_MS },
];

function parseWholeNumber(name: string, raw: string, max: number): number {
  const text = raw.trim();
  const form = `a whole number from 1 to ${max}`;
  if (!/^\d+$/.test(text)) throw new ConfigError(name, `${name}=${JSON.stringify(raw)} is not valid: expected ${form}`);
  const value = Number(text);
  if (value < 1 || value > max) throw new ConfigError(name, `${name}=${raw} is out of range: expected ${form}`);
  return value;
}

function read<K extends string>(
  env: Readonly<Record<string, string | undefined>>,
  variables: ReadonlyArray<Variable<K>>,
  defaults: Readonly<Record<K, number>>,
): Record<K, number> {
  const values: Record<K, number> = { ...defaults };
  for (const { key, name, max } of variables) {
    const raw = env[name];
    if (raw !== undefined) values[key] = parseWholeNumber(name, raw, max);
  }
  return values;
}

/**
 * `small` must not exceed `large`; the error names whichever of the two the user set (the
 * smaller one if both), so it points at the value they changed.
 */
function checkOrder(
  env: Readonly<Record<string, string | undefined>>,
  small: { readonly name: string; readonly value: number },
  large: { readonly name: string; readonly value: number },
): void {
  if (small.value <= large.value) return;
  const name = env[small.name] !== undefined ? small.name : large.name;
  throw new ConfigError(
    name,
    `${name} is not valid: ${small.name} (${small.value}) must not exceed ${large.name} (${large.value})`,
  );
}

export function loadLimits(env: Readonly<Record<string, string | undefined>>): Limits {
  const service = read(env, SERVICE_VARIABLES, DEFAULT_LIMITS);
  const web = read(env, WEB_VARIABLES, DEFAULT_WEB_LIMITS);
  checkOrder(
    env,
    { name: 'SLUICE_MAX_SESSIONS_PER_CONNECTION', value: service.sessionsPerConnection },
    { name: 'SLUICE_MAX_SESSIONS', value: service.sessions },
  );
  checkOrder(
    env,
    { name: 'SLUICE_WEB_SOCKET_BUFFER_BYTES', value: web.socketBufferBytes },
    { name: 'SLUICE_WEB_BUFFERED_BYTES', value: web.bufferedBytes },
  );
  // Node refuses a header time-out longer than the request's: the headers are part of the request.
  checkOrder(
    env,
    { name: 'SLUICE_WEB_HEADERS_TIMEOUT_MS', value: web.headersTimeoutMs },
    { name: 'SLUICE_WEB_REQUEST_TIMEOUT_MS', value: web.requestTimeoutMs },
  );
  return { service, web };
}
