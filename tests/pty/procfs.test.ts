/** The pure parts of the Linux process inspection, and the guard around the group kill. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTpgid } from '../../src/main/pty/procfs';
import { killProcessGroup } from '../../src/main/pty/processGroup';

describe('parseTpgid: field 8 of /proc/<pid>/stat', () => {
  // The tail after tpgid is shortened: only the fields up to it matter.
  for (const [what, stat, expected] of [
    ['an idle shell', '4242 (bash) S 4200 4242 4242 34816 4242 4194560 1151 0 0 0', 4242],
    ['a job in front', '4242 (bash) S 4200 4242 4242 34816 4311 4194560 1151 0 0 0', 4311],
    ['no controlling terminal', '4242 (bash) Z 4200 4242 4242 0 -1 4227084 1151 0 0 0', -1],
    ['a name with spaces and parentheses', '77 (a) 1 2 (b) S 1 77 77 34817 99 4194304', 99],
    ['a name that is only ")"', '77 ()) S 1 77 77 34817 78 4194304', 78],
    ['a name with a newline', '77 (x\ny) R 1 77 77 34817 77 4194304', 77],
    ['no parenthesis at all', 'garbage', undefined],
    ['a line cut short', '77 (sh) S 1 77', undefined],
    ['a field that is not a number', '77 (sh) S 1 77 77 34817 x 4194304', undefined],
  ] as const) {
    it(`${what}: ${String(expected)}`, () => {
      expect(parseTpgid(stat)).toBe(expected);
    });
  }
});

describe('killProcessGroup', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never signals group 0 (our own) or -1 (every process we may signal)', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    for (const pgid of [0, 1, -5, Number.NaN, 1.5]) killProcessGroup(pgid);
    expect(kill).not.toHaveBeenCalled();
  });

  it('sends SIGKILL to the negated group id', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    killProcessGroup(4242);
    expect(kill.mock.calls).toEqual([[-4242, 'SIGKILL']]);
  });

  it('swallows ESRCH and EPERM, and throws anything else', () => {
    const fail = (code: string) =>
      vi.spyOn(process, 'kill').mockImplementation(() => {
        throw Object.assign(new Error(`kill ${code}`), { code });
      });
    fail('ESRCH');
    expect(() => killProcessGroup(4242)).not.toThrow();
    fail('EPERM');
    expect(() => killProcessGroup(4242)).not.toThrow();
    fail('EINVAL');
    expect(() => killProcessGroup(4242)).toThrow('kill EINVAL');
  });
});
