/**
 * The host socket a bench's in-process web server needs: the page waits for its settings before
 * it opens a terminal (src/renderer/bridge). Settings from a fresh temporary folder, so the bench
 * runs with Sluice's defaults whatever the machine's own settings file says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { SettingsStore } from '../src/main/settings/settingsStore';
import { hostSocketHandler } from '../src/main/web/hostSocket';

export interface BenchHost {
  readonly hostSocket: (ws: WebSocket) => void;
  close(): void;
}

export async function benchHost(): Promise<BenchHost> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-bench-settings-'));
  const settings = await SettingsStore.open({
    paths: { dir, settings: path.join(dir, 'settings.json'), schema: path.join(dir, 'settings.schema.json') },
    home: dir,
  });
  return {
    hostSocket: hostSocketHandler({ settings, colorScheme: () => undefined }),
    close: () => {
      settings.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
