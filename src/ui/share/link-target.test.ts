import { describe, expect, it } from 'vitest';
import { cardMessage, decideLinkTarget } from './link-target';
import type { RecentMeta } from './recent-policy';
import { parseHash, type UrlState } from './url-state';

const FULL_SHA = `1a2b3c4d5e6f7788${'0'.repeat(48)}`;
const OTHER_SHA = `9f8e7d6c5b4a3921${'0'.repeat(48)}`;
const LINK: UrlState = parseHash(
  '#v=1&sha=1a2b3c4d5e6f7788&name=kheaders.tar.xz&k=6.1.0-56-amd64&path=include/linux/sched.h&L=120-134&panel=file',
).state;
const recent = (...shas: string[]): RecentMeta[] =>
  shas.map((sha256, i) => ({ sha256, name: `r${i}.tar.xz`, size: 1, openedAt: i }));

describe('decideLinkTarget on load', () => {
  it('opens a cached archive at once, by its full key', () => {
    expect(decideLinkTarget(LINK, recent(OTHER_SHA, FULL_SHA))).toEqual({
      kind: 'open-cached',
      sha: FULL_SHA,
    });
  });

  it('prefers the cache over src', () => {
    const withSrc = { ...LINK, src: 'https://example.org/k.tar.xz' };
    expect(decideLinkTarget(withSrc, recent(FULL_SHA)).kind).toBe('open-cached');
  });

  it('fetches src when the archive is not cached, and names the origin', () => {
    expect(
      decideLinkTarget({ ...LINK, src: 'https://example.org:8443/k.tar.xz' }, recent(OTHER_SHA)),
    ).toEqual({
      kind: 'fetch',
      src: 'https://example.org:8443/k.tar.xz',
      origin: 'https://example.org:8443',
    });
    expect(decideLinkTarget({ v: 1, src: 'https://example.org/k.tar.xz' }, []).kind).toBe('fetch');
  });

  it('asks for the file with the card text when nothing else works', () => {
    const d = decideLinkTarget(LINK, recent(OTHER_SHA));
    expect(d).toEqual({
      kind: 'ask-for-file',
      message:
        'This link points to include/linux/sched.h, lines 120–134, in kheaders.tar.xz ' +
        '(sha256 1a2b3c4d…, Linux 6.1.0-56-amd64). Drop that file here to open it.',
      target: {
        path: 'include/linux/sched.h',
        lines: { start: 120, end: 134 },
        name: 'kheaders.tar.xz',
        shaShort: '1a2b3c4d…',
        kernel: '6.1.0-56-amd64',
      },
    });
  });

  it('does nothing for a link without archive, path or src', () => {
    expect(decideLinkTarget({ v: 1 }, recent(FULL_SHA))).toEqual({ kind: 'none' });
    expect(decideLinkTarget({ v: 1, panel: 'config' }, [])).toEqual({ kind: 'none' });
  });
});

describe('cardMessage', () => {
  it.each<[UrlState, string]>([
    [
      {
        v: 1,
        archive: { sha256: '1a2b3c4d5e6f', name: 'kheaders.ko' },
        path: 'a.h',
        lines: { start: 9, end: 9 },
      },
      'This link points to a.h, line 9, in kheaders.ko (sha256 1a2b3c4d…). Drop that file here to open it.',
    ],
    [
      { v: 1, archive: { sha256: '1a2b3c4d5e6f', name: 'kheaders.ko', kernel: '6.1' } },
      'This link points to kheaders.ko (sha256 1a2b3c4d…, Linux 6.1). Drop that file here to open it.',
    ],
    [
      { v: 1, archive: { sha256: '1a2b3c4d5e6f', name: '' }, path: 'include/x.h' },
      'This link points to include/x.h, in an archive (sha256 1a2b3c4d…). Drop that file here to open it.',
    ],
    [
      { v: 1, path: 'include/x.h', lines: { start: 1, end: 5 } },
      'This link points to include/x.h, lines 1–5. Drop the archive here to open it.',
    ],
  ])('words the card for %j', (state, text) => {
    expect(cardMessage(state)).toBe(text);
  });
});

describe('decideLinkTarget after a drop or fetch', () => {
  it('matches a file whose SHA-256 starts with the link fingerprint', () => {
    expect(decideLinkTarget(LINK, [], { sha256: FULL_SHA.toUpperCase() })).toEqual({
      kind: 'match',
      verified: true,
    });
  });

  it('reports a mismatch with both fingerprints and offers the path anyway', () => {
    const d = decideLinkTarget(LINK, [], { sha256: OTHER_SHA });
    expect(d).toMatchObject({ kind: 'mismatch', expected: '1a2b3c4d5e6f7788', got: '9f8e7d6c5b4a3921' });
    expect(d.kind === 'mismatch' && d.message).toBe(
      "This file's fingerprint (sha256 9f8e7d6c…) differs from the one in the link (sha256 1a2b3c4d…), " +
        'so it is not the archive the link was made from. Line numbers may not match. Try include/linux/sched.h anyway?',
    );
  });

  it('goes to the path, unverified, when the link had no fingerprint', () => {
    expect(decideLinkTarget({ v: 1, path: 'a.h' }, [], { sha256: FULL_SHA })).toEqual({
      kind: 'match',
      verified: false,
    });
    expect(decideLinkTarget({ v: 1 }, [], { sha256: FULL_SHA })).toEqual({ kind: 'none' });
  });
});
