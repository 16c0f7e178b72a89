/**
 * The service as the product starts it: flow control from `SLUICE_FLOW_*` (src/main/config.ts),
 * so that the byte budgets can be tuned with the benchmarks, as the spec asks. A bad value stops
 * the bench with the same message that stops the app.
 */
import { ConfigError, loadFlowConfig } from '../src/main/config';
import { TerminalService, type TerminalServiceConfig } from '../src/main/service';
import type { FlowConfig } from '../src/shared/flow';

function flowFromEnvironment(): FlowConfig {
  try {
    return loadFlowConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(1);
  }
}

export const benchFlow = flowFromEnvironment();

export function benchService(config: TerminalServiceConfig = {}): TerminalService {
  return new TerminalService({ flow: benchFlow, ...config });
}
