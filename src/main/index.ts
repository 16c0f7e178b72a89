/**
 * The Electron main process: the one composition root, and the only main file that loads
 * `electron` at run time. It reads the configuration, starts the terminal service, and wires
 * windows, ports, IPC, the menu and the security policy to it. Everything with a decision in it
 * lives in ./desktop/* (tested under plain Node) or in the service.
 */
import { homedir } from 'node:os';
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
import { resolveTheme } from '../shared/settings/themes';
import { loadFlowConfig } from './config';
import { loadLimits } from './limitsConfig';
import { TerminalService, type ServiceLimits } from './service';
import { configPaths } from './settings/configPaths';
import { SettingsStore } from './settings/settingsStore';
import { closeQuestion, guardWindowClose } from './desktop/closeGuard';
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

async function start({ flow, limits }: Config): Promise<void> {
  // Before anything is awaited: both must happen before the app is ready.
  app.enableSandbox();
  // Every webContents, ours or any other (DevTools, anything a bug might create), gets the policy.
  const openExternal = (url: string): Promise<void> => shell.openExternal(url);
  app.on('web-contents-created', (_event, contents) => {
    applyWindowPolicy(contents, { openExternal: (url) => void openExternal(url) });
  });

  // The same settings file as web mode's (configPaths), not Electron's userData folder.
  const home = homedir();
  const settings = await SettingsStore.open({
    paths: configPaths({ platform: process.platform, env: process.env, home }),
    home,
  });
  // The colours the "system" theme resolves to: what the pages last reported (Electron's pages
  // follow the OS's scheme through nativeTheme).
  let prefersDark = true;

  // The built layout (electron.vite.config.ts): out/main/{index,mirrorWorker}.js,
  // out/preload/index.cjs, out/renderer/index.html.
  const here = import.meta.url;
  const service = new TerminalService({
    flow,
    limits,
    scrollback: settings.settings.scrollback,
    theme: resolveTheme(settings.settings, prefersDark),
    mirror: { worker: { file: unpackedPath(fileURLToPath(new URL('./mirrorWorker.js', here))) } },
  });
  const configure = (): void =>
    service.configure({
      scrollback: settings.settings.scrollback,
      theme: resolveTheme(settings.settings, prefersDark),
    });
  /** The sessions each window's page last reported (for the close question). */
  const windowSessions = new Map<number, readonly number[]>();
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
  const ourWindows = (): BrowserWindow[] =>
    BrowserWindow.getAllWindows().filter(
      (window) => !window.isDestroyed() && broker.isOurWindow(window.webContents.id),
    );
  settings.onDidChange((state) => {
    configure();
    // Every window follows at once.
    for (const window of ourWindows()) window.webContents.send(IpcChannel.settings, state);
  });

  const createWindow = (options: { readonly attach?: number } = {}): BrowserWindow => {
    // Electronegativity cannot follow the options into windowOptions(): contextIsolation, sandbox
    // and disableBlinkFeatures 'Auxclick' are set there, and tests/electron/lifecycle.test.ts
    // asserts them.
    const window = new BrowserWindow(windowOptions({ preload })); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    watchPageLifecycle(window.webContents, broker);
    const contentsId = window.webContents.id;
    window.webContents.once('destroyed', () => windowSessions.delete(contentsId));
    guardWindowClose(window, {
      sessions: () => windowSessions.get(contentsId) ?? [],
      list: () => service.list(true),
      confirm: () => settings.settings.confirmBeforeClose,
      ask: async (programs) => {
        const { response } = await dialog.showMessageBox(window, {
          type: 'question',
          buttons: ['Close Window', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          title: 'Close this window?',
          message: 'Close this window?',
          detail: closeQuestion(programs),
        });
        return response === 0;
      },
    });
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

  for (const [channel, handler] of Object.entries(
    createIpcHandlers({
      broker,
      openWindow: createWindow,
      openExternal,
      settings,
      colorScheme: (dark) => {
        prefersDark = dark;
        configure();
      },
      windowSessions: (contentsId, sessions) => windowSessions.set(contentsId, sessions),
    }),
  )) {
    ipcMain.handle(channel, handler);
  }

  // Closing the last window quits on every platform: a terminal with no window has no user.
  app.on('window-all-closed', () => app.quit());
  app.on(
    'will-quit',
    createQuitGuard({
      dispose: () => {
        settings.close();
        return service.dispose();
      },
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
if (config) {
  start(config).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Sluice cannot start: ${message}`);
    void app.whenReady().then(() => {
      dialog.showErrorBox('Sluice cannot start', message);
      app.exit(1);
    });
  });
}
