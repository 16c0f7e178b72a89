import { describe, expect, it } from 'vitest';
import {
  applyWindowPolicy,
  externalUrl,
  windowOpenHandler,
  type PolicyContents,
  type Preventable,
} from '../../src/main/desktop/windowPolicy';
import { preventable } from './fakes';

describe('externalUrl', () => {
  const opened: Array<[string, string]> = [
    ['https://example.com/path?q=1#frag', 'https://example.com/path?q=1#frag'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
  ];
  for (const [url, expected] of opened) {
    it(`opens ${url} as ${expected}`, () => expect(externalUrl(url)).toBe(expected));
  }

  const refused = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://example.com/',
    'smb://server/share',
    'ms-settings:',
    'vscode://file/etc/passwd',
    'blob:https://example.com/uuid',
    'about:blank',
    'https://user:secret@example.com/',
    'https://user@example.com/',
    '//example.com/no-scheme',
    'not a url',
    '',
    `https://example.com/${'a'.repeat(9000)}`,
  ];
  for (const url of refused) {
    it(`refuses ${url.slice(0, 60)}`, () => expect(externalUrl(url)).toBeUndefined());
  }
});

describe('windowOpenHandler', () => {
  it('denies every window and passes only http(s) URLs to openExternal', () => {
    const opened: string[] = [];
    const handler = windowOpenHandler({ openExternal: (url) => opened.push(url) });
    for (const url of [
      'https://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,x',
      'http://a.test/',
    ]) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.com/', 'http://a.test/']);
  });
});

class PolicyStandIn implements PolicyContents {
  readonly listeners = new Map<string, (event: Preventable) => void>();
  openHandler: ((details: { readonly url: string }) => { action: 'deny' }) | undefined;
  on(event: string, listener: (event: Preventable) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

describe('applyWindowPolicy', () => {
  it('prevents navigation, frame navigation, redirects and webviews', () => {
    const contents = new PolicyStandIn();
    applyWindowPolicy(contents, { openExternal: () => undefined });
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = preventable();
      const listener = contents.listeners.get(name);
      expect(listener, name).toBeDefined();
      listener?.(event);
      expect(event.prevented, name).toBe(true);
    }
  });

  it('installs the deny-all window open handler', () => {
    const contents = new PolicyStandIn();
    const opened: string[] = [];
    applyWindowPolicy(contents, { openExternal: (url) => opened.push(url) });
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
  });
});
