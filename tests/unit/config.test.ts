import { describe, expect, it } from 'vitest';
import { ConfigError, loadFlowConfig } from '../../src/main/config';
import { DEFAULT_FLOW_CONFIG } from '../../src/shared/flow';

describe('loadFlowConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadFlowConfig({})).toEqual({
      yellowThreshold: 1024,
      redThreshold: 4096,
      yellowBytes: 262144,
      redBytes: 1048576,
      yellowIntervalMs: 10,
      redIntervalMs: 100,
      autoDisconnect: false,
    });
    expect(loadFlowConfig({})).toEqual(DEFAULT_FLOW_CONFIG);
  });

  it('reads every variable', () => {
    expect(
      loadFlowConfig({
        SLUICE_FLOW_YELLOW_THRESHOLD: '10',
        SLUICE_FLOW_RED_THRESHOLD: '20',
        SLUICE_FLOW_YELLOW_BYTES: '1000',
        SLUICE_FLOW_RED_BYTES: ' 2000 ',
        SLUICE_FLOW_YELLOW_INTERVAL_MS: '5',
        SLUICE_FLOW_RED_INTERVAL_MS: '50',
        SLUICE_FLOW_AUTO_DISCONNECT: 'TRUE',
      }),
    ).toEqual({
      yellowThreshold: 10,
      redThreshold: 20,
      yellowBytes: 1000,
      redBytes: 2000,
      yellowIntervalMs: 5,
      redIntervalMs: 50,
      autoDisconnect: true,
    });
    expect(loadFlowConfig({ SLUICE_FLOW_AUTO_DISCONNECT: '0' }).autoDisconnect).toBe(false);
    expect(loadFlowConfig({ SLUICE_FLOW_AUTO_DISCONNECT: '1' }).autoDisconnect).toBe(true);
    expect(loadFlowConfig({ SLUICE_FLOW_AUTO_DISCONNECT: 'false' }).autoDisconnect).toBe(false);
  });

  const numeric = [
    'SLUICE_FLOW_YELLOW_THRESHOLD',
    'SLUICE_FLOW_RED_THRESHOLD',
    'SLUICE_FLOW_YELLOW_BYTES',
    'SLUICE_FLOW_RED_BYTES',
    'SLUICE_FLOW_YELLOW_INTERVAL_MS',
    'SLUICE_FLOW_RED_INTERVAL_MS',
  ];
  const badNumbers = ['abc', '-5', '0', '1.5', '1e3', '', '  ', '0x10', '99999999999', 'NaN', 'Infinity'];

  for (const variable of numeric) {
    it(`refuses bad values of ${variable}, naming it and the accepted form`, () => {
      for (const value of badNumbers) {
        let thrown: unknown;
        try {
          loadFlowConfig({ [variable]: value });
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${variable}=${value}`).toBeInstanceOf(ConfigError);
        expect((thrown as ConfigError).variable).toBe(variable);
        expect((thrown as ConfigError).message).toContain(variable);
        expect((thrown as ConfigError).message).toMatch(/whole number from 1 to/);
      }
    });
  }

  it.each([
    // value, accepted as
    ['1', 1],
    [' 7\t', 7],
    ['0001', 1],
    ['1073741824', 2 ** 30],
  ])('accepts %j as %i, from 1 to 2^30', (value, expected) => {
    expect(loadFlowConfig({ SLUICE_FLOW_RED_INTERVAL_MS: value }).redIntervalMs).toBe(expected);
  });

  it.each([
    // value, message
    ['0', 'SLUICE_FLOW_RED_INTERVAL_MS=0 is out of range: expected a whole number from 1 to 1073741824'],
    [
      '1073741825',
      'SLUICE_FLOW_RED_INTERVAL_MS=1073741825 is out of range: expected a whole number from 1 to 1073741824',
    ],
    ['5ms', 'SLUICE_FLOW_RED_INTERVAL_MS="5ms" is not valid: expected a whole number from 1 to 1073741824'],
  ])('refuses %j with the message %j', (value, message) => {
    const error = (() => {
      try {
        loadFlowConfig({ SLUICE_FLOW_RED_INTERVAL_MS: value });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ name: 'ConfigError', variable: 'SLUICE_FLOW_RED_INTERVAL_MS', message });
  });

  it.each([
    [' True ', true],
    ['FALSE', false],
    [' 1', true],
    ['0 ', false],
  ])('reads the boolean %j as %s, whatever its case and spaces', (value, expected) => {
    expect(loadFlowConfig({ SLUICE_FLOW_AUTO_DISCONNECT: value }).autoDisconnect).toBe(expected);
  });

  it('refuses a boolean that is not true/false/1/0', () => {
    for (const value of ['yes', 'on', '2', '', 'truthy']) {
      expect(() => loadFlowConfig({ SLUICE_FLOW_AUTO_DISCONNECT: value })).toThrow(
        /SLUICE_FLOW_AUTO_DISCONNECT.*expected true, false, 1 or 0/,
      );
    }
  });

  it('refuses yellow ≥ red, naming the variable that was set', () => {
    expect(() => loadFlowConfig({ SLUICE_FLOW_YELLOW_THRESHOLD: '4096' })).toThrow(
      /^SLUICE_FLOW_YELLOW_THRESHOLD is not valid: .* must be below SLUICE_FLOW_RED_THRESHOLD \(4096\)/,
    );
    expect(() => loadFlowConfig({ SLUICE_FLOW_RED_THRESHOLD: '100' })).toThrow(
      /^SLUICE_FLOW_RED_THRESHOLD is not valid/,
    );
    expect(() => loadFlowConfig({ SLUICE_FLOW_YELLOW_BYTES: '2000000' })).toThrow(
      /^SLUICE_FLOW_YELLOW_BYTES is not valid/,
    );
    expect(() => loadFlowConfig({ SLUICE_FLOW_RED_BYTES: '1000' })).toThrow(/^SLUICE_FLOW_RED_BYTES is not valid/);
    // Equal is refused too: yellow must start below red.
    expect(() => loadFlowConfig({ SLUICE_FLOW_YELLOW_THRESHOLD: '20', SLUICE_FLOW_RED_THRESHOLD: '20' })).toThrow(
      'SLUICE_FLOW_YELLOW_THRESHOLD is not valid: SLUICE_FLOW_YELLOW_THRESHOLD (20) must be below SLUICE_FLOW_RED_THRESHOLD (20)',
    );
    expect(() => loadFlowConfig({ SLUICE_FLOW_YELLOW_BYTES: '1048576' })).toThrow(
      'SLUICE_FLOW_YELLOW_BYTES is not valid: SLUICE_FLOW_YELLOW_BYTES (1048576) must be below SLUICE_FLOW_RED_BYTES (1048576)',
    );
    expect(loadFlowConfig({ SLUICE_FLOW_YELLOW_BYTES: '1048575' }).yellowBytes).toBe(1048575);
  });
});
