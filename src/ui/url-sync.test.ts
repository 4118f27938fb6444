import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../core/types';
import { formatHash, parseHash, type UrlState } from './share/url-state';
import { initialState, type AppState } from './state';
import { decideHistory, panelOf, viewState } from './url-sync';

const SHA = 'fda5733237b3e9590c6ae1b5cec8f7c993bf1938370ddca4c33176a7b0ab8b48';

function ready(p: Partial<AppState> = {}): AppState {
  const result = {
    kernel: { version: '6.1.99-khi-fixture' },
    headers: null,
    entries: [],
    errors: [],
    configText: null,
  } as unknown as InspectResult;
  return {
    ...initialState,
    load: { phase: 'ready' },
    file: { name: 'kheaders.tar.xz', size: 27660, sha256: SHA },
    result,
    ...p,
  };
}

const viewer = (path: string) => ({ path, bytes: new Uint8Array(1), loading: false, error: null });

describe('viewState', () => {
  it('names the archive by a 16-hex prefix, name and kernel; adds file, lines and panel', () => {
    const s = ready({
      viewer: viewer('include/linux/sched.h'),
      selection: { range: { start: 10, end: 20 }, anchor: 10 },
    });
    const st = viewState(s);
    expect(st).toEqual({
      v: 1,
      archive: { sha256: SHA.slice(0, 16), name: 'kheaders.tar.xz', kernel: '6.1.99-khi-fixture' },
      path: 'include/linux/sched.h',
      lines: { start: 10, end: 20 },
      panel: 'file',
    });
    // What the address bar gets round-trips through the one schema.
    expect(parseHash(formatHash(st))).toEqual({ state: st, notes: [] });
  });

  it('has no archive before the fingerprint is known, and keeps src', () => {
    const s = ready({ file: { name: 'a.xz', size: 1, sha256: null, src: 'https://example.org/a.xz' } });
    expect(viewState(s)).toEqual({ v: 1, src: 'https://example.org/a.xz' });
    expect(viewState(initialState)).toEqual({ v: 1 });
  });

  it('records config and layers panels, else the file when one is open', () => {
    expect(panelOf({ left: 'tree', right: 'config', viewer: null })).toBe('config');
    expect(panelOf({ left: 'layers', right: 'file', viewer: null })).toBe('layers');
    expect(panelOf({ left: 'tree', right: 'file', viewer: viewer('a.h') })).toBe('file');
    expect(panelOf({ left: 'tree', right: 'problems', viewer: null })).toBeUndefined();
  });
});

describe('decideHistory', () => {
  const A: UrlState = { v: 1, archive: { sha256: SHA.slice(0, 16), name: 'k.xz' } };
  const B: UrlState = { v: 1, archive: { sha256: 'ab'.repeat(8), name: 'other.xz' } };
  it('pushes a new file or archive, replaces lines and panel, ignores no-ops', () => {
    expect(decideHistory({ ...A, path: 'a.h' }, { ...A, path: 'b.h' })).toBe('push');
    expect(decideHistory(A, { ...A, path: 'a.h' })).toBe('push');
    expect(decideHistory({ ...A, path: 'a.h' }, A)).toBe('push');
    expect(decideHistory({ ...A, path: 'a.h' }, { ...B, path: 'a.h' })).toBe('push');
    expect(decideHistory({ ...A, path: 'a.h' }, { ...A, path: 'a.h', lines: { start: 1, end: 2 } })).toBe(
      'replace',
    );
    expect(decideHistory({ ...A, path: 'a.h' }, { ...A, path: 'a.h', panel: 'config' })).toBe('replace');
    expect(decideHistory(A, { ...A })).toBe('none');
  });
  it('learning the fingerprint of the shown archive is not a move', () => {
    expect(decideHistory({ v: 1 }, A)).toBe('replace');
    expect(decideHistory({ v: 1, path: 'a.h' }, { ...A, path: 'a.h' })).toBe('replace');
    // A link carrying a 12-char prefix, written back with 16 chars.
    const short: UrlState = { v: 1, archive: { sha256: SHA.slice(0, 12), name: 'k.xz' }, path: 'a.h' };
    expect(decideHistory(short, { ...A, path: 'a.h', lines: { start: 3, end: 3 } })).toBe('replace');
    // Losing the archive (a file that failed to open) is a move.
    expect(decideHistory({ ...A, path: 'a.h' }, { v: 1 })).toBe('push');
  });
});

describe('viewState and search', () => {
  const q = { pattern: 'task_struct', mode: 'literal' as const, ignoreCase: false, word: true, paths: '' };

  it('records the search while the Search tab is shown, beside the open file and lines', () => {
    const s = ready({
      left: 'search',
      search: q,
      viewer: viewer('include/linux/sched.h'),
      selection: { range: { start: 48, end: 48 }, anchor: 48 },
    });
    const h = formatHash(viewState(s));
    expect(h).toMatch(/&path=include\/linux\/sched\.h&L=48&panel=file&q=task_struct&qo=w$/);
    expect(parseHash(h).state.search).toEqual(q);
  });

  it('leaves it out on the other tabs and for an empty pattern', () => {
    expect(viewState(ready({ left: 'tree', search: q })).search).toBeUndefined();
    expect(viewState(ready({ left: 'search', search: { ...q, pattern: '' } })).search).toBeUndefined();
  });
});
