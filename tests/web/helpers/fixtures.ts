/**
 * A stand-in for the built renderer: a temporary directory with an index.html and an asset, inside
 * a parent that holds a `package.json` a path-traversal request would reach if it got through.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvents, SluiceClient } from '../../../src/shared/client';

export const INDEX_HTML =
  '<!doctype html><title>Sluice test page</title><script type="module" src="/assets/app.js"></script>\n';
export const ASSET_JS = 'console.log("sluice test asset");\n';
/** Appears only in the file outside the static directory. */
export const SECRET_MARKER = 'outside-the-static-dir-1f2e3d';

export interface StaticFixture {
  readonly parent: string;
  readonly staticDir: string;
  remove(): Promise<void>;
}

export async function makeStaticFixture(): Promise<StaticFixture> {
  const parent = await mkdtemp(join(tmpdir(), 'sluice-web-'));
  const staticDir = join(parent, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(join(staticDir, 'assets', 'app.js'), ASSET_JS);
  await writeFile(join(parent, 'package.json'), JSON.stringify({ name: SECRET_MARKER }));
  return { parent, staticDir, remove: () => rm(parent, { recursive: true, force: true }) };
}

/** Everything a session printed since it was attached, and a way to wait for a pattern in it. */
export class OutputLog {
  text = '';
  readonly #waiters = new Set<() => void>();

  constructor(client: SluiceClient, session: number) {
    client.on('output', (event, done) => {
      if (event.session === session) {
        this.text += event.data;
        for (const waiter of [...this.#waiters]) waiter();
      }
      done();
    });
  }

  /** Resolves once the output matches `pattern` (the test's own timeout bounds the wait). */
  waitFor(pattern: RegExp): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!pattern.test(this.text)) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }
}

/** The next event of `type` that matches, as a promise. */
export function nextEvent<K extends keyof ClientEvents>(
  client: SluiceClient,
  type: K,
  matches: (event: ClientEvents[K]) => boolean = () => true,
): Promise<ClientEvents[K]> {
  return new Promise((resolve) => {
    const off = client.on(type, (event: ClientEvents[K]) => {
      if (!matches(event)) return;
      off();
      resolve(event);
    });
  });
}
