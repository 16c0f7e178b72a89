/**
 * The renderer's composition root: connect to the host (the Electron preload or web mode), make
 * its API `window.sluice`, and start the window.
 */
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { App } from './app';
import { benchRequested, createBenchHook } from './benchHook';
import { connectHost } from './bridge/index';
import { Shortcuts } from './shortcuts';
import { createTestHook } from './testHook';

/** Defines a read-only global unless the preload's contextBridge has already (it is read-only there). */
function expose(name: 'sluice' | '__sluiceTest' | '__sluiceBench', value: unknown): void {
  if (!(name in window)) Object.defineProperty(window, name, { value, enumerable: true });
}

async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app');
  try {
    const host = await connectHost();
    expose('sluice', host.sluice);
    // Commands from keys run on the app, which does not exist yet: no key can arrive before it does.
    const shortcuts = new Shortcuts((command) => app.run(command));
    const app = new App({ host, root, keyHandler: shortcuts.terminalKeyHandler });
    expose('__sluiceTest', createTestHook(app));
    if (benchRequested()) expose('__sluiceBench', createBenchHook(app));
    await app.start();
  } catch (error) {
    root.replaceChildren();
    const message = document.createElement('div');
    message.className = 'fatal';
    message.dataset['testid'] = 'fatal';
    message.textContent = `Sluice could not start: ${error instanceof Error ? error.message : String(error)}`;
    root.append(message);
    throw error;
  }
}

void main();
