import { describe, expect, it } from 'vitest';
import {
  formatHash,
  historyAction,
  normaliseArchivePath,
  parseHash,
  shareUrl,
  type UrlState,
} from './url-state';

const EXAMPLE =
  '#v=1&sha=1a2b3c4d5e6f&name=kheaders.tar.xz&k=6.1.0-56-amd64&path=include/linux/sched.h&L=120-134&panel=file';
const FULL: UrlState = {
  v: 1,
  archive: { sha256: '1a2b3c4d5e6f', name: 'kheaders.tar.xz', kernel: '6.1.0-56-amd64' },
  path: 'include/linux/sched.h',
  lines: { start: 120, end: 134 },
  panel: 'file',
};

describe('formatHash', () => {
  it('writes the documented compact form in a stable key order', () => {
    expect(formatHash(FULL)).toBe(EXAMPLE);
    const reordered: UrlState = {
      panel: 'file',
      lines: FULL.lines,
      path: FULL.path,
      archive: FULL.archive,
      v: 1,
    };
    expect(formatHash(reordered)).toBe(EXAMPLE);
  });

  it('gives a clean URL for an empty state and a single line as L=n', () => {
    expect(formatHash({ v: 1 })).toBe('');
    expect(formatHash({ v: 1, path: 'a.h', lines: { start: 7, end: 7 } })).toBe('#v=1&path=a.h&L=7');
  });

  it('encodes separators and spaces but keeps / and : readable', () => {
    const h = formatHash({
      v: 1,
      archive: { sha256: 'abcdefabcdef', name: 'my kheaders&co=1#2.tar.xz' },
      path: 'include/c++/a b.h',
      src: 'https://example.org/dl?a=1&b=2',
    });
    expect(h).toBe(
      '#v=1&sha=abcdefabcdef&name=my%20kheaders%26co%3D1%232.tar.xz&path=include/c%2B%2B/a%20b.h' +
        '&src=https://example.org/dl%3Fa%3D1%26b%3D2',
    );
  });

  it('leaves out invalid fields instead of writing a link that parses with notes', () => {
    const h = formatHash({
      v: 1,
      archive: { sha256: 'xyz', name: 'a' },
      path: '../etc/passwd',
      lines: { start: 0, end: 3 },
      src: 'javascript:alert(1)',
    });
    expect(h).toBe('');
    expect(formatHash({ v: 1, lines: { start: 1, end: 2 } })).toBe('');
  });
});

describe('parseHash', () => {
  it('reads the documented example without notes', () => {
    expect(parseHash(EXAMPLE)).toEqual({ state: FULL, notes: [] });
    expect(parseHash(EXAMPLE.slice(1)).state).toEqual(FULL);
  });

  it('treats an empty hash as an empty state, silently', () => {
    for (const h of ['', '#', '   ', '#&&']) expect(parseHash(h)).toEqual({ state: { v: 1 }, notes: [] });
  });

  it('accepts GitHub-style line suffixes', () => {
    const base = '#v=1&path=include/linux/sched.h';
    expect(parseHash(`${base}#L10-L20`).state.lines).toEqual({ start: 10, end: 20 });
    expect(parseHash(`${base}#L10`).state.lines).toEqual({ start: 10, end: 10 });
    expect(parseHash(`${base}&L10-L20`).state.lines).toEqual({ start: 10, end: 20 });
    expect(parseHash(`${base}&L=L10-L20`).state.lines).toEqual({ start: 10, end: 20 });
    expect(parseHash(`${base}&L=20-10`).state.lines).toEqual({ start: 10, end: 20 });
    expect(parseHash('#path=a.h#L3').state).toEqual({ v: 1, path: 'a.h', lines: { start: 3, end: 3 } });
  });

  it('assumes the current version when v is missing', () => {
    expect(parseHash('#path=include/linux/sched.h').state).toEqual({ v: 1, path: 'include/linux/sched.h' });
  });

  it('drops everything, with one note, for an unknown version', () => {
    const newer = parseHash('#v=2&path=include/linux/sched.h');
    expect(newer.state).toEqual({ v: 1 });
    expect(newer.notes).toEqual([expect.stringContaining('version 2')]);
    const junk = parseHash('#v=banana&path=a.h');
    expect(junk.state).toEqual({ v: 1 });
    expect(junk.notes).toHaveLength(1);
  });

  it('normalises sha to lower case; a link without a name gets name ""', () => {
    const { state, notes } = parseHash('#sha=1A2B3C4D5E6F7788');
    expect(state.archive).toEqual({ sha256: '1a2b3c4d5e6f7788', name: '' });
    expect(notes).toEqual([]);
  });

  it.each([
    ['#v=1&sha=1a2b', "Ignored 'sha'"],
    ['#v=1&sha=zz2b3c4d5e6f', "Ignored 'sha'"],
    [`#v=1&sha=${'a'.repeat(65)}`, "Ignored 'sha'"],
    ['#v=1&name=x.tar.xz', "Ignored 'name'"],
    [`#v=1&sha=1a2b3c4d5e6f&name=${'n'.repeat(256)}`, "Ignored 'name'"],
    ['#v=1&sha=1a2b3c4d5e6f&name=a%0Ab', "Ignored 'name'"],
    ['#v=1&sha=1a2b3c4d5e6f&name=%E2%80%AEzx.rat', "Ignored 'name'"],
    [`#v=1&sha=1a2b3c4d5e6f&k=${'6'.repeat(129)}`, "Ignored 'k'"],
    ['#v=1&path=../etc/passwd', "Ignored 'path'"],
    ['#v=1&path=include/../../etc/passwd', "Ignored 'path'"],
    ['#v=1&path=%2Fetc%2Fpasswd', "Ignored 'path'"],
    ['#v=1&path=a%00b', "Ignored 'path'"],
    [`#v=1&path=${'a/'.repeat(2049)}`, "Ignored 'path'"],
    ['#v=1&path=.', "Ignored 'path'"],
    ['#v=1&path=a.h&L=0', "Ignored 'L'"],
    ['#v=1&path=a.h&L=10000001', "Ignored 'L'"],
    ['#v=1&path=a.h&L=99999999999999999999', "Ignored 'L'"],
    ['#v=1&path=a.h&L=1-2-3', "Ignored 'L'"],
    ['#v=1&path=a.h&L=-5', "Ignored 'L'"],
    ['#v=1&path=a.h&L=1.5', "Ignored 'L'"],
    ['#v=1&L=10-20', "Ignored 'L'"],
    ['#v=1&panel=settings', "Ignored 'panel'"],
    ['#v=1&src=javascript:alert(1)', "Ignored 'src': only http and https URLs can be opened."],
    ['#v=1&src=data:text/plain,hi', "Ignored 'src': only http and https URLs can be opened."],
    ['#v=1&src=file:///etc/passwd', "Ignored 'src': only http and https URLs can be opened."],
    ['#v=1&src=blob:https://example.org/1234', "Ignored 'src': only http and https URLs can be opened."],
    ['#v=1&src=https://user:pw@example.org/k.tar.xz', "Ignored 'src'"],
    ['#v=1&src=//example.org/k.tar.xz', "Ignored 'src'"],
    ['#v=1&src=not a url', "Ignored 'src'"],
    ['#v=1&colour=red', "Ignored unknown parameter 'colour'."],
    ['#v=1&path', "Ignored 'path': it has no value."],
    ['#v=1&path=%E0%A4%A', "Ignored 'path': it contains a broken %-escape."],
    ['#v=1&%ZZ=1', 'broken %-escape'],
    ['#v=1&path=a.h&path=b.h', "Ignored a second 'path'"],
  ])('drops bad value %s with a note', (hash, note) => {
    const r = parseHash(hash);
    expect(r.notes.join('\n')).toContain(note);
    expect(JSON.stringify(r.state)).not.toMatch(/passwd|javascript|etc|alert|settings|red|user/);
  });

  it('keeps the good fields when others are bad', () => {
    const r = parseHash('#v=1&sha=1a2b3c4d5e6f&name=k.tar.xz&path=../x&L=5&panel=file&src=javascript:x');
    expect(r.state).toEqual({ v: 1, archive: { sha256: '1a2b3c4d5e6f', name: 'k.tar.xz' }, panel: 'file' });
    expect(r.notes).toHaveLength(3); // path, L (no path left), src
  });

  it('normalises ./ and empty path segments silently', () => {
    expect(normaliseArchivePath('./include//linux/./sched.h/')).toEqual({
      ok: true,
      value: 'include/linux/sched.h',
    });
    expect(parseHash('#v=1&path=./include/linux/sched.h')).toEqual({
      state: { v: 1, path: 'include/linux/sched.h' },
      notes: [],
    });
  });

  it('canonicalises src and decodes + as a plus (kernel versions like 6.1.0+)', () => {
    const r = parseHash('#v=1&sha=1a2b3c4d5e6f&k=6.1.0+&src=HTTPS://Example.org');
    expect(r.state.src).toBe('https://example.org/');
    expect(r.state.archive?.kernel).toBe('6.1.0+');
  });

  it('survives hostile input: huge hashes, many keys, truncation', () => {
    expect(parseHash(`#v=1&path=${'a'.repeat(40_000)}`).notes[0]).toContain('too long');
    const many = parseHash(`#v=1&${Array.from({ length: 500 }, (_, i) => `x${i}=1`).join('&')}`);
    expect(many.notes).toHaveLength(12);
    expect(many.notes[11]).toContain('489 more');
    const cut = EXAMPLE.slice(0, 60); // "...&name=kheaders.ta"
    expect(() => parseHash(cut)).not.toThrow();
    expect(parseHash(cut).state.archive?.sha256).toBe('1a2b3c4d5e6f');
    expect(parseHash('#v=1&sha=1a2b3c4d5e6f&L=1').state.lines).toBeUndefined();
    expect(parseHash(undefined as unknown as string)).toEqual({ state: { v: 1 }, notes: [] });
  });
});

describe('round trip', () => {
  /** Small deterministic PRNG so failures reproduce. */
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const names = [
    'kheaders.tar.xz',
    'kheaders.ko',
    'vmlinuz-6.1 (copy).bin',
    'a&b=c#d%e+f',
    'ünïcødé 😀.xz',
    '',
  ];
  const paths = [
    'include/linux/sched.h',
    'a',
    'arch/x86/include/asm/%20.h',
    'dir with space/x+y.h',
    'ï/🙂/?#&=.h',
  ];
  const srcs = [
    'https://example.org/k.tar.xz',
    'http://127.0.0.1:8080/a/b?x=1&y=2',
    'https://h.example/%41%20b',
  ];

  it('parseHash(formatHash(s)).state deep-equals s for valid states', () => {
    const r = rng(42);
    for (let i = 0; i < 2000; i++) {
      const s: UrlState = { v: 1 };
      if (r() < 0.7) {
        const len = 12 + Math.floor(r() * 53);
        const sha = Array.from({ length: len }, () => pick(r, [...'0123456789abcdef'])).join('');
        s.archive = { sha256: sha, name: pick(r, names) };
        if (r() < 0.5) s.archive.kernel = pick(r, ['6.1.0-56-amd64', '6.8.0-rc1+', '5.10.0 #1 SMP']);
      }
      if (r() < 0.8) {
        s.path = pick(r, paths);
        if (r() < 0.6) {
          const start = 1 + Math.floor(r() * 10_000_000);
          const end = r() < 0.3 ? start : Math.min(10_000_000, start + Math.floor(r() * 500));
          s.lines = { start, end };
        }
      }
      if (r() < 0.5) s.panel = pick(r, ['layers', 'tree', 'config', 'file', 'search'] as const);
      if (r() < 0.3) s.src = new URL(pick(r, srcs)).href;
      if (r() < 0.4) {
        s.search = {
          pattern: pick(r, ['task_struct', 'a&b=c#d', '(x+)+$', 'Müller %41 +1', ' spaced ']),
          mode: r() < 0.5 ? 'regex' : 'literal',
          ignoreCase: r() < 0.5,
          word: r() < 0.5,
          paths: pick(r, ['', 'include/linux/**', 'arch/*/include/asm/*.h, *.h']),
        };
      }
      const h = formatHash(s);
      expect(parseHash(h), h).toEqual({ state: s, notes: [] });
      expect(formatHash(parseHash(h).state)).toBe(h);
    }
  });
});

describe('shareUrl and historyAction', () => {
  it('replaces any existing hash on the base', () => {
    expect(shareUrl('https://x.example/app/?q=1#v=1&path=old.h', FULL)).toBe(
      `https://x.example/app/?q=1${EXAMPLE}`,
    );
    expect(shareUrl('https://x.example/', { v: 1 })).toBe('https://x.example/');
  });

  it('pushes on a new file, replaces on lines or panel, and ignores no-ops', () => {
    const a: UrlState = { v: 1, path: 'a.h' };
    expect(historyAction(a, { v: 1, path: 'b.h' })).toBe('push');
    expect(historyAction({ v: 1 }, a)).toBe('push');
    expect(historyAction(a, { ...a, lines: { start: 1, end: 2 } })).toBe('replace');
    expect(historyAction(a, { ...a, panel: 'tree' })).toBe('replace');
    expect(historyAction(a, { v: 1, path: 'a.h' })).toBe('none');
  });
});

describe('search keys (q, qo, qp)', () => {
  const base = '#v=1&sha=1a2b3c4d5e6f';
  it('round-trip a search with its options and path filter', () => {
    const st: UrlState = {
      v: 1,
      archive: { sha256: '1a2b3c4d5e6f', name: '' },
      panel: 'search',
      search: {
        pattern: 'task_struct *',
        mode: 'regex',
        ignoreCase: true,
        word: true,
        paths: 'include/linux/**',
      },
    };
    const h = formatHash(st);
    expect(h).toBe(`${base}&panel=search&q=task_struct%20*&qo=riw&qp=include/linux/**`);
    expect(parseHash(h)).toEqual({ state: st, notes: [] });
  });

  it('a bare q is a literal, case-sensitive search over every file', () => {
    expect(parseHash(`${base}&q=pid_t`).state.search).toEqual({
      pattern: 'pid_t',
      mode: 'literal',
      ignoreCase: false,
      word: false,
      paths: '',
    });
    expect(formatHash(parseHash(`${base}&q=pid_t&qo=`).state)).toBe(`${base}&q=pid_t`);
  });

  it('drops bad search values with a note and keeps the rest', () => {
    const r = parseHash(`${base}&q=pid&qo=rx`);
    expect(r.state.search?.pattern).toBe('pid');
    expect(r.state.search?.mode).toBe('literal');
    expect(r.notes).toEqual([
      "Ignored 'qo': search options are letters r (regex), i (ignore case) and w (whole word).",
    ]);
    expect(parseHash(`${base}&q=`).state.search).toBeUndefined();
    expect(parseHash(`${base}&q=a%0Ab`).notes[0]).toMatch(/control characters/);
    expect(parseHash(`${base}&qo=w`).notes[0]).toMatch(/no search/);
    expect(parseHash(`${base}&q=${'x'.repeat(1001)}`).state.search).toBeUndefined();
  });

  it('links made before search still parse to the same state', () => {
    expect(parseHash(EXAMPLE).state.search).toBeUndefined();
    expect(formatHash(FULL)).toBe(EXAMPLE);
  });
});
