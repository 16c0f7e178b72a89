/**
 * The Electron main process: the one composition root, and the only main file that loads
 * `electron` at run time. It reads the configuration, starts the terminal service, and wires
 * windows, ports, IPC, the menu and the security policy to it. Everything with a decision in it
 * lives in ./desktop/* (tested under plain Node) or in the service.
 */
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  session,
  shell,
  type MessagePortMain,
} from 'electron';
import { IpcChannel, isHostCommand, type HostCommand } from '../shared/hostApi';
import type { FlowConfig } from '../shared/flow';
import { loadFlowConfig } from './config';
import { loadLimits } from './limitsConfig';
import { TerminalService, type ServiceLimits } from './service';
import { unpackedPath } from './desktop/asarPath';
import { cspHeadersHandler } from './desktop/csp';
import { createIpcHandlers } from './desktop/ipcHandlers';
import { buildMenuTemplate } from './desktop/menu';
import { permissionCheckHandler, permissionRequestHandler } from './desktop/permissions';
import { PortBroker, watchPageLifecycle } from './desktop/portBroker';
import { createQuitGuard } from './desktop/quitGuard';
import { rendererLocation } from './desktop/rendererLocation';
import { windowOptions } from './desktop/windowOptions';
import { applyWindowPolicy } from './desktop/windowPolicy';

interface Config {
  readonly flow: FlowConfig;
  readonly limits: ServiceLimits;
}

function readConfig(): Config | undefined {
  try {
    return { flow: loadFlowConfig(process.env), limits: loadLimits(process.env).service };
  } catch (error) {
    // Before any window: a bad SLUICE_FLOW_* or SLUICE_MAX_* value is reported, never replaced by a default.
    // On Linux showErrorBox only prints to stderr until the app is ready, so print it now (for a
    // terminal launch) and show the dialog once a dialog can be shown.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Sluice cannot start: ${message}`);
    void app.whenReady().then(() => {
      dialog.showErrorBox('Sluice cannot start', message);
      app.exit(1);
    });
    return undefined;
  }
}

function start({ flow, limits }: Config): void {
  // The built layout (electron.vite.config.ts): out/main/{index,mirrorWorker}.js,
  // out/preload/index.cjs, out/renderer/index.html.
  const here = import.meta.url;
  const service = new TerminalService({
    flow,
    limits,
    mirror: { worker: { file: unpackedPath(fileURLToPath(new URL('./mirrorWorker.js', here))) } },
  });
  const renderer = rendererLocation({
    // Only an unpackaged app follows electron-vite's dev server; a packaged one ignores the variable.
    devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
    indexFile: new URL('../renderer/index.html', here),
  });
  const preload = fileURLToPath(new URL('../preload/index.cjs', here));
  const broker = new PortBroker<MessagePortMain>({
    createChannel: () => new MessageChannelMain(),
    connect: (port) => service.connect(port),
    isOurPage: renderer.isOurPage,
  });
  const openExternal = (url: string): Promise<void> => shell.openExternal(url);

  const createWindow = (options: { readonly attach?: number } = {}): BrowserWindow => {
    // Electronegativity cannot follow the options into windowOptions(): contextIsolation, sandbox
    // and disableBlinkFeatures 'Auxclick' are set there, and tests/electron/lifecycle.test.ts
    // asserts them.
    const window = new BrowserWindow(windowOptions({ preload })); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    watchPageLifecycle(window.webContents, broker);
    window.once('ready-to-show', () => window.show());
    window
      .loadURL(renderer.pageUrl(options))
      .catch((error: unknown) => console.error('sluice: the window failed to load:', error));
    return window;
  };

  const sendCommand = (command: HostCommand): void => {
    const window = BrowserWindow.getFocusedWindow();
    if (!window || window.isDestroyed() || !broker.isOurWindow(window.webContents.id) || !isHostCommand(command))
      return;
    window.webContents.send(IpcChannel.command, command);
  };

  app.enableSandbox();
  // Every webContents, ours or any other (DevTools, anything a bug might create), gets the policy.
  app.on('web-contents-created', (_event, contents) => {
    applyWindowPolicy(contents, { openExternal: (url) => void openExternal(url) });
  });
  for (const [channel, handler] of Object.entries(
    createIpcHandlers({ broker, openWindow: createWindow, openExternal }),
  )) {
    ipcMain.handle(channel, handler);
  }

  // Closing the last window quits on every platform: a terminal with no window has no user.
  app.on('window-all-closed', () => app.quit());
  app.on(
    'will-quit',
    createQuitGuard({
      dispose: () => service.dispose(),
      quit: () => app.quit(),
      onError: (error) => console.error('sluice: stopping the terminal service failed:', error),
    }),
  );

  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived(cspHeadersHandler(renderer.isOurPage));
    session.defaultSession.setPermissionRequestHandler(permissionRequestHandler(renderer.isOurPage));
    session.defaultSession.setPermissionCheckHandler(permissionCheckHandler(renderer.isOurPage));
    const focused = (): BrowserWindow | null => BrowserWindow.getFocusedWindow();
    const template = buildMenuTemplate(
      {
        command: sendCommand,
        newWindow: () => void createWindow(),
        reload: () => focused()?.webContents.reload(),
        toggleDevTools: () => focused()?.webContents.toggleDevTools(),
        quit: () => app.quit(),
      },
      process.platform,
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
    createWindow();
  });
}

const config = readConfig();
if (config) start(config);
