/** Where the settings live on each platform: one folder, the same for the app and web mode. */
import { describe, expect, it } from 'vitest';
import { configDir, configPaths } from '../../src/main/settings/configPaths';

describe('configDir', () => {
  it.each([
    ['linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/ann', '/x/cfg/sluice'],
    ['linux', {}, '/home/ann', '/home/ann/.config/sluice'],
    // The XDG spec: a relative path is invalid and ignored.
    ['linux', { XDG_CONFIG_HOME: 'relative/cfg' }, '/home/ann', '/home/ann/.config/sluice'],
    ['linux', { XDG_CONFIG_HOME: '' }, '/home/ann', '/home/ann/.config/sluice'],
    ['freebsd', { XDG_CONFIG_HOME: '/x' }, '/home/ann', '/x/sluice'],
    ['darwin', { XDG_CONFIG_HOME: '/x' }, '/Users/ann', '/Users/ann/Library/Application Support/Sluice'],
    [
      'win32',
      { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
      'C:\\Users\\ann',
      'C:\\Users\\ann\\AppData\\Roaming\\Sluice',
    ],
    ['win32', {}, 'C:\\Users\\ann', 'C:\\Users\\ann\\AppData\\Roaming\\Sluice'],
  ] as const)('%s with %j and home %s: %s', (platform, env, home, expected) => {
    expect(configDir({ platform, env, home })).toBe(expected);
  });

  it('names the settings file, its schema and the web token in that folder', () => {
    expect(configPaths({ platform: 'linux', env: { XDG_CONFIG_HOME: '/c' }, home: '/h' })).toEqual({
      dir: '/c/sluice',
      settings: '/c/sluice/settings.json',
      schema: '/c/sluice/settings.schema.json',
      webToken: '/c/sluice/web-token',
    });
    expect(configPaths({ platform: 'win32', env: { APPDATA: 'D:\\a' }, home: 'C:\\h' }).settings).toBe(
      'D:\\a\\Sluice\\settings.json',
    );
  });
});
