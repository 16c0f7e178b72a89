/**
 * The flow-control configuration, read once at start from `SLUICE_FLOW_*` environment variables.
 * A bad value stops the start with a message naming the variable and the accepted form; it is
 * never silently replaced by a default.
 */
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../shared/flow';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

type NumericKey = Exclude<keyof FlowConfig, 'autoDisconnect'>;

const NUMERIC_VARIABLES: ReadonlyArray<readonly [NumericKey, string]> = [
  ['yellowThreshold', 'SLUICE_FLOW_YELLOW_THRESHOLD'],
  ['redThreshold', 'SLUICE_FLOW_RED_THRESHOLD'],
  ['yellowBytes', 'SLUICE_FLOW_YELLOW_BYTES'],
  ['redBytes', 'SLUICE_FLOW_RED_BYTES'],
  ['yellowIntervalMs', 'SLUICE_FLOW_YELLOW_INTERVAL_MS'],
  ['redIntervalMs', 'SLUICE_FLOW_RED_INTERVAL_MS'],
];
const AUTO_DISCONNECT_VARIABLE = 'SLUICE_FLOW_AUTO_DISCONNECT';

/**
 * Upper bound for every numeric variable. Past it a value is a typo (an extra zero or two), and
 * large enough to defeat the point of flow control: 2^30 bytes pending is a gigabyte per window.
 */
const MAX_VALUE = 2 ** 30;

function parseWholeNumber(variable: string, raw: string): number {
  const text = raw.trim();
  const form = `a whole number from 1 to ${MAX_VALUE}`;
  if (!/^\d+$/.test(text)) {
    throw new ConfigError(variable, `${variable}=${JSON.stringify(raw)} is not valid: expected ${form}`);
  }
  const value = Number(text);
  if (value < 1 || value > MAX_VALUE) {
    throw new ConfigError(variable, `${variable}=${raw} is out of range: expected ${form}`);
  }
  return value;
}

function parseBoolean(variable: string, raw: string): boolean {
  const text = raw.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new ConfigError(variable, `${variable}=${JSON.stringify(raw)} is not valid: expected true, false, 1 or 0`);
}

export function loadFlowConfig(env: Readonly<Record<string, string | undefined>>): FlowConfig {
  const config: { -readonly [K in keyof FlowConfig]: FlowConfig[K] } = { ...DEFAULT_FLOW_CONFIG };
  for (const [key, variable] of NUMERIC_VARIABLES) {
    const raw = env[variable];
    if (raw !== undefined) config[key] = parseWholeNumber(variable, raw);
  }
  const rawAuto = env[AUTO_DISCONNECT_VARIABLE];
  if (rawAuto !== undefined) config.autoDisconnect = parseBoolean(AUTO_DISCONNECT_VARIABLE, rawAuto);

  // Each relation is checked against the values in force, and the error names the variable(s)
  // the user set, so "yellow ≥ red" points at the one they changed.
  if (config.yellowThreshold >= config.redThreshold) {
    const variable =
      env.SLUICE_FLOW_YELLOW_THRESHOLD !== undefined ? 'SLUICE_FLOW_YELLOW_THRESHOLD' : 'SLUICE_FLOW_RED_THRESHOLD';
    throw new ConfigError(
      variable,
      `${variable} is not valid: SLUICE_FLOW_YELLOW_THRESHOLD (${config.yellowThreshold}) must be below SLUICE_FLOW_RED_THRESHOLD (${config.redThreshold})`,
    );
  }
  if (config.yellowBytes >= config.redBytes) {
    const variable = env.SLUICE_FLOW_YELLOW_BYTES !== undefined ? 'SLUICE_FLOW_YELLOW_BYTES' : 'SLUICE_FLOW_RED_BYTES';
    throw new ConfigError(
      variable,
      `${variable} is not valid: SLUICE_FLOW_YELLOW_BYTES (${config.yellowBytes}) must be below SLUICE_FLOW_RED_BYTES (${config.redBytes})`,
    );
  }
  return config;
}
