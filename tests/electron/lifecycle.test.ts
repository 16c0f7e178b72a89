import { describe, expect, it, vi } from 'vitest';
import { unpackedPath } from '../../src/main/desktop/asarPath';
import {
  isPermissionGranted,
  permissionCheckHandler,
  permissionRequestHandler,
} from '../../src/main/desktop/permissions';
import { createQuitGuard } from '../../src/main/desktop/quitGuard';
import { rendererLocation } from '../../src/main/desktop/rendererLocation';
import { windowOptions } from '../../src/main/desktop/windowOptions';
import { preventable } from './fakes';

describe('createQuitGuard', () => {
  it('holds the first quit until the service is disposed, then quits for real', async () => {
    let finish: () => void = () => undefined;
    const disposed = new Promise<void>((resolve) => (finish = resolve));
    let disposeCalls = 0;
    let quits = 0;
    const guard = createQuitGuard({
      dispose: () => {
        disposeCalls++;
        return disposed;
      },
      quit: () => quits++,
      onError: () => undefined,
    });
    const first = preventable();
    guard(first);
    expect(first.prevented).toBe(true);
    // Quitting again while sessions are still ending is held too, and disposes only once.
    const second = preventable();
    guard(second);
    expect(second.prevented).toBe(true);
    expect(disposeCalls).toBe(1);
    expect(quits).toBe(0);
    finish();
    await disposed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(quits).toBe(1);
    const last = preventable();
    guard(last);
    expect(last.prevented).toBe(false);
  });

  it('quits even when disposing fails, and reports the failure', async () => {
    const errors: unknown[] = [];
    let quits = 0;
    const guard = createQuitGuard({
      dispose: () => Promise.reject(new Error('boom')),
      quit: () => quits++,
      onError: (e) => errors.push(e),
    });
    guard(preventable());
    await new Promise((resolve) => setImmediate(resolve));
    expect(quits).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('quits anyway when disposing outlasts the timeout', async () => {
    const errors: unknown[] = [];
    let quits = 0;
    const guard = createQuitGuard({
      dispose: () => new Promise<void>(() => undefined),
      quit: () => quits++,
      onError: (e) => errors.push(e),
      timeoutMs: 10,
    });
    guard(preventable());
    await vi.waitFor(() => expect(quits).toBe(1), { timeout: 5000 });
    expect(String(errors[0])).toMatch(/did not stop within 10 ms/);
  });
});

describe('unpackedPath', () => {
  it('points a file inside app.asar at app.asar.unpacked', () => {
    expect(unpackedPath('/opt/Sluice/resources/app.asar/out/main/mirrorWorker.js')).toBe(
      '/opt/Sluice/resources/app.asar.unpacked/out/main/mirrorWorker.js',
    );
    expect(unpackedPath('C:\\Sluice\\resources\\app.asar\\out\\main\\mirrorWorker.js')).toBe(
      'C:\\Sluice\\resources\\app.asar.unpacked\\out\\main\\mirrorWorker.js',
    );
  });

  it('leaves an unpackaged path alone', () => {
    expect(unpackedPath('/work/sluice/out/main/mirrorWorker.js')).toBe('/work/sluice/out/main/mirrorWorker.js');
    expect(unpackedPath('/work/app.asar.unpacked/out/main/mirrorWorker.js')).toBe(
      '/work/app.asar.unpacked/out/main/mirrorWorker.js',
    );
  });
});

describe('rendererLocation', () => {
  const indexFile = new URL('file:///opt/sluice/out/renderer/index.html');

  it('recognizes the built page at any hash, and nothing else', () => {
    const location = rendererLocation({ indexFile });
    expect(location.isOurPage('file:///opt/sluice/out/renderer/index.html')).toBe(true);
    expect(location.isOurPage('file:///opt/sluice/out/renderer/index.html#attach=2')).toBe(true);
    expect(location.isOurPage('file:///opt/sluice/out/renderer/other.html')).toBe(false);
    expect(location.isOurPage('file:///tmp/index.html')).toBe(false);
    expect(location.isOurPage('https://example.com/index.html')).toBe(false);
    expect(location.isOurPage('not a url')).toBe(false);
  });

  it('builds the page URL, with #attach=<session> for another window on a session', () => {
    const location = rendererLocation({ indexFile });
    expect(location.pageUrl()).toBe('file:///opt/sluice/out/renderer/index.html');
    expect(location.pageUrl({ attach: 7 })).toBe('file:///opt/sluice/out/renderer/index.html#attach=7');
    expect(() => location.pageUrl({ attach: 0 })).toThrow(RangeError);
  });

  it('follows a loopback dev server, and refuses any other', () => {
    const location = rendererLocation({ indexFile, devServerUrl: 'http://localhost:5173' });
    expect(location.isOurPage('http://localhost:5173/#attach=1')).toBe(true);
    expect(location.isOurPage('http://localhost:5173/index.html')).toBe(true);
    expect(location.isOurPage('http://localhost:5174/')).toBe(false);
    expect(location.isOurPage(indexFile.href)).toBe(false);
    expect(location.pageUrl({ attach: 2 })).toBe('http://localhost:5173/#attach=2');
    expect(() => rendererLocation({ indexFile, devServerUrl: 'https://evil.example/' })).toThrow();
    expect(() => rendererLocation({ indexFile, devServerUrl: 'http://192.168.1.5:5173/' })).toThrow();
  });
});

describe('permissions', () => {
  const isOurPage = (url: string) => url.startsWith('file:///opt/sluice/out/renderer/index.html');
  const page = { requestingUrl: 'file:///opt/sluice/out/renderer/index.html', isMainFrame: true };

  it('grants only the clipboard, only to our main frame', () => {
    expect(isPermissionGranted('clipboard-read', page, isOurPage)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', page, isOurPage)).toBe(true);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'hid',
      'serial',
      'fullscreen',
      'unknown',
    ]) {
      expect(isPermissionGranted(permission, page, isOurPage), permission).toBe(false);
    }
    expect(isPermissionGranted('clipboard-read', { ...page, isMainFrame: false }, isOurPage)).toBe(false);
    expect(
      isPermissionGranted('clipboard-read', { requestingUrl: 'https://evil.example/', isMainFrame: true }, isOurPage),
    ).toBe(false);
    expect(isPermissionGranted('clipboard-read', { isMainFrame: true }, isOurPage)).toBe(false);
  });

  it('checks without a requesting URL go by the asking page', () => {
    const details = { isMainFrame: true };
    expect(
      permissionCheckHandler(isOurPage)({ getURL: () => page.requestingUrl }, 'clipboard-read', 'file://', details),
    ).toBe(true);
    expect(
      permissionCheckHandler(isOurPage)(
        { getURL: () => 'https://evil.example/' },
        'clipboard-read',
        'https://evil.example',
        details,
      ),
    ).toBe(false);
    expect(permissionCheckHandler(isOurPage)(null, 'clipboard-read', 'file://', details)).toBe(false);
  });

  it('answers requests and checks alike', () => {
    const answers: boolean[] = [];
    permissionRequestHandler(isOurPage)(null, 'media', (granted) => answers.push(granted), page);
    permissionRequestHandler(isOurPage)(null, 'clipboard-read', (granted) => answers.push(granted), page);
    expect(answers).toEqual([false, true]);
    expect(permissionCheckHandler(isOurPage)(null, 'media', 'file://', page)).toBe(false);
    expect(permissionCheckHandler(isOurPage)(null, 'clipboard-read', 'file://', page)).toBe(true);
  });
});

describe('windowOptions', () => {
  it('isolates, sandboxes, strips Node and disables middle-click (auxclick) in every window', () => {
    const options = windowOptions({ preload: '/opt/sluice/out/preload/index.cjs' });
    expect(options.webPreferences).toMatchObject({
      preload: '/opt/sluice/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });
});
