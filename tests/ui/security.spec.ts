/** Web mode hands out a shell: only a socket with the printed token gets one. */
import { expect, test } from './fixtures/sluice';

interface SocketGlobals {
  readonly location: { readonly host: string; readonly search: string };
  readonly WebSocket: new (url: string) => {
    onopen: (() => void) | null;
    onerror: (() => void) | null;
    close(): void;
  };
}

test('a WebSocket without the token, or with a wrong one, is refused', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  const outcome = await page.evaluate(async () => {
    const g = globalThis as unknown as SocketGlobals;
    const attempt = (url: string): Promise<string> =>
      new Promise((resolve) => {
        const socket = new g.WebSocket(url);
        socket.onopen = () => {
          socket.close();
          resolve('open');
        };
        socket.onerror = () => resolve('refused');
        setTimeout(() => resolve('no answer'), 10_000);
      });
    const base = `ws://${g.location.host}/ws`;
    return {
      none: await attempt(base),
      wrong: await attempt(`${base}?token=${'x'.repeat(43)}`),
      // The control: the same page with the right token does connect.
      right: await attempt(`${base}${g.location.search}`),
    };
  });
  expect(outcome).toEqual({ none: 'refused', wrong: 'refused', right: 'open' });
});

test('the page without the token says it cannot connect', async ({ page, appUrl }) => {
  await page.goto(appUrl.replace(/\?token=.*$/, ''));
  await expect(page.getByTestId('fatal')).toContainText('token');
});
