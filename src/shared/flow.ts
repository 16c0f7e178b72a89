/**
 * Flow-control arithmetic: which level a subscriber is at, given what it has been sent and not yet
 * acknowledged. Pure functions, shared by the service (decisions) and the UI (display).
 */
import type { FlowLevel } from './protocol';

export interface FlowThresholds {
  /** Pending messages where yellow starts. */
  readonly yellowThreshold: number;
  /** Pending messages where red starts. */
  readonly redThreshold: number;
  /** Pending bytes where yellow starts. */
  readonly yellowBytes: number;
  /** Pending bytes where red starts. */
  readonly redBytes: number;
}

export interface FlowConfig extends FlowThresholds {
  readonly yellowIntervalMs: number;
  readonly redIntervalMs: number;
  /** Detach a subscriber that reaches red instead of pausing the PTY for it. */
  readonly autoDisconnect: boolean;
}

/** The seed's message-count thresholds and intervals; the byte budgets are tuned in docs/flow-control.md. */
export const DEFAULT_FLOW_CONFIG: FlowConfig = {
  yellowThreshold: 1024,
  redThreshold: 4096,
  yellowBytes: 256 * 1024,
  redBytes: 1024 * 1024,
  yellowIntervalMs: 10,
  redIntervalMs: 100,
  autoDisconnect: false,
};

/**
 * A level is left downwards only once the load is below this fraction of the threshold that
 * entered it, so a subscriber hovering at a threshold does not flap (and warn) on every ack.
 * A half is wide enough for an ack of `ackThreshold` (100) messages never to cross both edges.
 */
export const HYSTERESIS_FRACTION = 0.5;

const RANK: Record<FlowLevel, number> = { green: 0, yellow: 1, red: 2 };

export interface FlowLoad {
  readonly pending: number;
  readonly pendingBytes: number;
}

function rawLevel(load: FlowLoad, t: FlowThresholds, scale: number): FlowLevel {
  if (load.pending >= t.redThreshold * scale || load.pendingBytes >= t.redBytes * scale) return 'red';
  if (load.pending >= t.yellowThreshold * scale || load.pendingBytes >= t.yellowBytes * scale) return 'yellow';
  return 'green';
}

/**
 * The next level: it rises as soon as a threshold is reached, and falls only to the level that the
 * lowered (hysteresis) thresholds allow — never below what the plain thresholds demand.
 */
export function nextLevel(current: FlowLevel, load: FlowLoad, thresholds: FlowThresholds): FlowLevel {
  const up = rawLevel(load, thresholds, 1);
  const sticky = rawLevel(load, thresholds, HYSTERESIS_FRACTION);
  const held = RANK[sticky] < RANK[current] ? sticky : current;
  return RANK[up] > RANK[held] ? up : held;
}
