/**
 * One flood through Sluice with the service's flow trace on (src/main/flowTrace.ts), for the
 * timeline in docs/flow-control.md: the real renderer in Chromium acks at its real rendering pace,
 * over web mode, with the service in this process so its trace can be read. Alongside the trace,
 * the socket's messages are tapped for the acks (the trace has sends but not acks), so the view's
 * pending bytes are known at every moment, not only at level changes. timelineSvg.ts draws it.
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchService } from './benchService';
import { browserFloods } from './browserFloods';
import { buildBenchPages } from './pageBuild';
import { floodOnScreen, openTerminalPage } from './pageDriver';
import { benchCursor, SCROLLBACK_LINES, VIEWPORT } from './terminalSettings';
import type { FlowTraceEvent } from '../src/main/flowTrace';
import { toEndpoint, type Endpoint, type EndpointLike } from '../src/main/transport/endpoint';
import { startWebServer } from '../src/main/web/webServer';
import { benchHost } from './benchHost';
import type { FlowConfig } from '../src/shared/flow';
import type { FlowLevel } from '../src/shared/protocol';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/ui/fixtures/chromium';
import { DEFAULT_MIRROR_BUDGET_BYTES } from '../src/main/service';

/** Time from the Enter, ms. */
export type At = number;

export interface FlowTimelineData {
  readonly flood: string;
  readonly flow: FlowConfig;
  /** The mirror's own budget: the unparsed bytes at which the PTY waits for it. */
  readonly mirrorBudgetBytes: number;
  /** From the Enter to the last line on screen, ms. */
  readonly onScreenMs: number;
  /** The whole span drawn (the flood plus a moment after it), ms. */
  readonly durationMs: number;
  readonly reads: ReadonlyArray<readonly [At, number]>;
  readonly sends: ReadonlyArray<readonly [At, number]>;
  /** The view's unacknowledged output bytes after each send or ack. */
  readonly pendingBytes: ReadonlyArray<readonly [At, number]>;
  readonly levels: ReadonlyArray<{ readonly at: At; readonly level: FlowLevel }>;
  readonly pauses: ReadonlyArray<{ readonly from: At; readonly to: At; readonly cause: string }>;
  readonly mirrorLag: ReadonlyArray<readonly [At, number]>;
}

/** After the last line shows, the trace runs on this long, so the drain back to green is in the picture. */
const TAIL_MS = 500;

interface Recorder {
  trace: Array<{ event: FlowTraceEvent; at: number }>;
  /** Output message sizes, in order; acks release the oldest. */
  sent: number[];
  acked: number;
  pending: Array<readonly [number, number]>;
}

/** The connection's endpoint, with the output it is sent and the acks it receives recorded. */
function tapped(endpointLike: EndpointLike, recorder: Recorder): Endpoint {
  const endpoint = toEndpoint(endpointLike);
  let pendingBytes = 0;
  return {
    send: (message) => {
      if (message.type === 'output') {
        const bytes = Buffer.byteLength(message.data);
        recorder.sent.push(bytes);
        pendingBytes += bytes;
        recorder.pending.push([performance.now(), pendingBytes]);
      }
      endpoint.send(message);
    },
    onMessage: (listener) =>
      endpoint.onMessage((data) => {
        const message = data as { type?: unknown; count?: unknown };
        if (message.type === 'ack' && typeof message.count === 'number') {
          for (let i = 0; i < message.count; i++) pendingBytes -= recorder.sent[recorder.acked + i] ?? 0;
          recorder.acked += message.count;
          recorder.pending.push([performance.now(), pendingBytes]);
        }
        listener(data);
      }),
    onClose: (listener) => endpoint.onClose(listener),
    close: () => endpoint.close(),
  };
}

export async function recordFlowTimeline(): Promise<FlowTimelineData> {
  const pages = await buildBenchPages();
  const flood = browserFloods().floods.find((candidate) => candidate.name.includes('coloured'));
  if (!flood) throw new Error('no coloured-log flood');
  const recorder: Recorder = { trace: [], sent: [], acked: 0, pending: [] };
  const home = mkdtempSync(path.join(tmpdir(), 'sluice-bench-timeline-home-'));
  const service = benchService({
    env: { ...process.env, HOME: home, SHELL: '/bin/bash' },
    scrollback: SCROLLBACK_LINES,
    trace: (event, at) => recorder.trace.push({ event, at }),
  });
  const host = await benchHost();
  const server = await startWebServer({
    service: { connect: (endpoint) => service.connect(tapped(endpoint, recorder)) },
    staticDir: 'out/renderer',
    hostSocket: host.hostSocket,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript({ path: pages.probeScript });
    const sluice = { side: 'sluice', url: server.url } as const;
    const { page } = await openTerminalPage(context, sluice, { cursor: benchCursor(), size: undefined });
    await page.keyboard.type(flood.command);
    // Only the flood is drawn: what came before (the prompt, the typing) is dropped.
    recorder.trace.length = 0;
    recorder.pending.length = 0;
    const start = performance.now();
    const times = await floodOnScreen(page, '', flood.lastLine);
    await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
    const end = performance.now();
    return timelineData(recorder, {
      flood: flood.name,
      flow: service.flow,
      mirrorBudgetBytes: DEFAULT_MIRROR_BUDGET_BYTES,
      start,
      end,
      onScreenMs: times.screenAt - times.keydownAt,
    });
  } finally {
    await browser.close();
    await server.close();
    host.close();
    await service.dispose();
    rmSync(home, { recursive: true, force: true });
  }
}

function timelineData(
  recorder: Recorder,
  run: {
    flood: string;
    flow: FlowConfig;
    mirrorBudgetBytes: number;
    start: number;
    end: number;
    onScreenMs: number;
  },
): FlowTimelineData {
  const rel = (at: number): At => at - run.start;
  const reads: Array<readonly [At, number]> = [];
  const sends: Array<readonly [At, number]> = [];
  const levels: Array<{ at: At; level: FlowLevel }> = [{ at: 0, level: 'green' }];
  const pauses: Array<{ from: At; to: At; cause: string }> = [];
  const mirrorLag: Array<readonly [At, number]> = [];
  let paused: { from: At; cause: string } | undefined;
  for (const { event, at } of recorder.trace) {
    const t = rel(at);
    switch (event.type) {
      case 'read':
        reads.push([t, event.bytes]);
        // The service traces a pause but not (yet) its resume: the next read is the first sign of it.
        if (paused) {
          pauses.push({ from: paused.from, to: t, cause: paused.cause });
          paused = undefined;
        }
        break;
      case 'send':
        sends.push([t, event.bytes]);
        break;
      case 'level':
        levels.push({ at: t, level: event.level });
        break;
      case 'pty':
        if (event.paused) paused ??= { from: t, cause: event.cause };
        else if (paused) {
          pauses.push({ from: paused.from, to: t, cause: paused.cause });
          paused = undefined;
        }
        break;
      case 'mirror':
        mirrorLag.push([t, event.lagBytes]);
        break;
    }
  }
  const durationMs = run.end - run.start;
  if (paused) pauses.push({ from: paused.from, to: durationMs, cause: paused.cause });
  return {
    flood: run.flood,
    flow: run.flow,
    mirrorBudgetBytes: run.mirrorBudgetBytes,
    onScreenMs: run.onScreenMs,
    durationMs,
    reads,
    sends,
    pendingBytes: recorder.pending.map(([at, bytes]) => [rel(at), bytes] as const),
    levels,
    pauses,
    mirrorLag,
  };
}
