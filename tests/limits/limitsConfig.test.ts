/**
 * `loadLimits` (src/main/limitsConfig.ts): the defaults, each variable, and every bad value
 * refused with a message that names the variable, as `loadFlowConfig` does.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/main/config';
import { loadLimits } from '../../src/main/limitsConfig';
import { DEFAULT_LIMITS } from '../../src/main/service';
import { DEFAULT_WEB_LIMITS } from '../../src/main/web/webLimits';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadLimits(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('loadLimits', () => {
  it('gives the documented defaults when nothing is set', () => {
    expect(loadLimits({})).toEqual({ service: DEFAULT_LIMITS, web: DEFAULT_WEB_LIMITS });
  });

  it('reads every variable', () => {
    const limits = loadLimits({
      SLUICE_MAX_SESSIONS: '64',
      SLUICE_MAX_SESSIONS_PER_CONNECTION: ' 8 ',
      SLUICE_WEB_MAX_CONNECTIONS: '16',
      SLUICE_WEB_SOCKET_BUFFER_BYTES: '1048576',
      SLUICE_WEB_BUFFERED_BYTES: '4194304',
      SLUICE_WEB_HEADERS_TIMEOUT_MS: '2000',
      SLUICE_WEB_REQUEST_TIMEOUT_MS: '4000',
      SLUICE_WEB_KEEP_ALIVE_TIMEOUT_MS: '1000',
      SLUICE_WEB_UPGRADE_TIMEOUT_MS: '3000',
    });
    expect(limits).toEqual({
      service: { sessions: 64, sessionsPerConnection: 8 },
      web: {
        connections: 16,
        socketBufferBytes: 1_048_576,
        bufferedBytes: 4_194_304,
        headersTimeoutMs: 2000,
        requestTimeoutMs: 4000,
        keepAliveTimeoutMs: 1000,
        upgradeTimeoutMs: 3000,
      },
    });
  });

  it.each([
    [
      { SLUICE_MAX_SESSIONS: 'many' },
      'SLUICE_MAX_SESSIONS',
      /"many" is not valid: expected a whole number from 1 to 4096/,
    ],
    [{ SLUICE_MAX_SESSIONS: '0' }, 'SLUICE_MAX_SESSIONS', /out of range/],
    [{ SLUICE_MAX_SESSIONS: '5000' }, 'SLUICE_MAX_SESSIONS', /out of range: expected a whole number from 1 to 4096/],
    [{ SLUICE_WEB_MAX_CONNECTIONS: '-3' }, 'SLUICE_WEB_MAX_CONNECTIONS', /not valid/],
    [{ SLUICE_WEB_HEADERS_TIMEOUT_MS: '1.5' }, 'SLUICE_WEB_HEADERS_TIMEOUT_MS', /not valid/],
    [{ SLUICE_WEB_SOCKET_BUFFER_BYTES: '' }, 'SLUICE_WEB_SOCKET_BUFFER_BYTES', /not valid/],
    [
      { SLUICE_MAX_SESSIONS_PER_CONNECTION: '600' },
      'SLUICE_MAX_SESSIONS_PER_CONNECTION',
      /SLUICE_MAX_SESSIONS_PER_CONNECTION \(600\) must not exceed SLUICE_MAX_SESSIONS \(512\)/,
    ],
    [{ SLUICE_MAX_SESSIONS: '100' }, 'SLUICE_MAX_SESSIONS', /\(128\) must not exceed SLUICE_MAX_SESSIONS \(100\)/],
    [
      { SLUICE_WEB_BUFFERED_BYTES: '1024' },
      'SLUICE_WEB_BUFFERED_BYTES',
      /SLUICE_WEB_SOCKET_BUFFER_BYTES \(67108864\) must not exceed SLUICE_WEB_BUFFERED_BYTES \(1024\)/,
    ],
    [
      { SLUICE_WEB_HEADERS_TIMEOUT_MS: '60000' },
      'SLUICE_WEB_HEADERS_TIMEOUT_MS',
      /must not exceed SLUICE_WEB_REQUEST_TIMEOUT_MS \(30000\)/,
    ],
  ])('refuses %j, naming %s', (env, variable, message) => {
    const error = refusal(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(variable);
  });
});
