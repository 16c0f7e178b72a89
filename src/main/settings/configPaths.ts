/**
 * Where Sluice keeps its files: one folder per user, the platform's usual one, shared by the
 * Electron app and web mode so that both read the same settings.
 *
 * - Linux and other Unixes: `$XDG_CONFIG_HOME/sluice`, else `~/.config/sluice` (the XDG Base
 *   Directory spec; a relative `XDG_CONFIG_HOME` is invalid there and ignored).
 * - macOS: `~/Library/Application Support/Sluice`.
 * - Windows: `%APPDATA%\Sluice`, else `~\AppData\Roaming\Sluice`.
 *
 * Not Electron's `app.getPath('userData')`: web mode has no Electron, and the two must agree.
 * Pure (platform, environment and home are parameters), so every branch is tested on Linux.
 */
import { posix, win32 } from 'node:path';

export interface ConfigPathInput {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

export interface ConfigPaths {
  readonly dir: string;
  /** `settings.json`: JSON with comments. */
  readonly settings: string;
  /** `settings.schema.json`: what the settings file's `$schema` points to. */
  readonly schema: string;
  /** `web-token`: web mode's token, mode 0600. */
  readonly webToken: string;
}

export const APP_DIR_NAME = { unix: 'sluice', other: 'Sluice' } as const;

export function configDir({ platform, env, home }: ConfigPathInput): string {
  if (platform === 'win32') {
    const appData = env['APPDATA'];
    return win32.join(
      appData && win32.isAbsolute(appData) ? appData : win32.join(home, 'AppData', 'Roaming'),
      APP_DIR_NAME.other,
    );
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME.other);
  const xdg = env['XDG_CONFIG_HOME'];
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config'), APP_DIR_NAME.unix);
}

export function configPaths(input: ConfigPathInput): ConfigPaths {
  const dir = configDir(input);
  const join = input.platform === 'win32' ? win32.join : posix.join;
  return {
    dir,
    settings: join(dir, 'settings.json'),
    schema: join(dir, 'settings.schema.json'),
    webToken: join(dir, 'web-token'),
  };
}
