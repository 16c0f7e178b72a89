import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, cspHeadersHandler } from '../../src/main/desktop/csp';
import { PAGE } from './fakes';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('has the directives the spec asks for', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('allows no eval, no inline script and no remote source', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:)$/);
      }
    }
  });
});

describe('cspHeadersHandler', () => {
  const handler = cspHeadersHandler((url) => url.split('#')[0] === PAGE);

  function run(url: string, responseHeaders?: Record<string, string[]>) {
    let result: { responseHeaders?: Record<string, string[]> } | undefined;
    handler(responseHeaders ? { url, responseHeaders } : { url }, (response) => (result = response));
    return result;
  }

  it('sets the policy on our page, replacing any other', () => {
    const result = run(PAGE, { 'content-security-policy': ['default-src *'], 'X-Other': ['kept'] });
    expect(result?.responseHeaders).toEqual({
      'X-Other': ['kept'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('sets the policy on a file: response that has no headers at all', () => {
    expect(run(PAGE)?.responseHeaders).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('leaves every other response untouched', () => {
    expect(run('https://example.com/', { a: ['b'] })).toEqual({});
  });
});
