/** The comparison keys of the hash schema: sha2, name2, k2, L2, cmp. */
import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, type UrlState } from './url-state';

const full: UrlState = {
  v: 1,
  archive: { sha256: '1a2b3c4d5e6f7788', name: 'kheaders.tar.xz', kernel: '6.1.0-56-amd64' },
  path: 'include/linux/sched.h',
  lines: { start: 10, end: 12 },
  compare: {
    archive: { sha256: 'aabbccddeeff0011', name: 'bzImage', kernel: '6.1.192' },
    lines: { start: 20, end: 25 },
    panel: 'lines',
  },
};

describe('compare keys', () => {
  it('round-trips in the documented key order', () => {
    const hash = formatHash(full);
    expect(hash).toBe(
      '#v=1&sha=1a2b3c4d5e6f7788&name=kheaders.tar.xz&k=6.1.0-56-amd64&path=include/linux/sched.h&L=10-12' +
        '&sha2=aabbccddeeff0011&name2=bzImage&k2=6.1.192&L2=20-25&cmp=lines',
    );
    expect(parseHash(hash)).toEqual({ state: full, notes: [] });
  });

  it('needs both fingerprints; L2 needs a path; bad values are noted and dropped', () => {
    expect(parseHash('#sha2=aabbccddeeff0011&name2=x').notes).toEqual([
      "Ignored the comparison: it needs both fingerprints ('sha' and 'sha2').",
    ]);
    const r = parseHash('#sha=1a2b3c4d5e6f7788&sha2=aabbccddeeff0011&L2=5&cmp=nope');
    expect(r.state.compare).toEqual({ archive: { sha256: 'aabbccddeeff0011', name: '' } });
    expect(r.notes).toEqual([
      "Ignored 'cmp': the compare panel is one of lines, config.",
      "Ignored 'L2': line numbers need a file ('path').",
    ]);
    expect(parseHash('#sha=1a2b3c4d5e6f7788&sha2=xyz').state.compare).toBeUndefined();
  });
});
