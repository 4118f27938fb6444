/**
 * Search, definitions and references: everything that changes search state or talks to the search
 * worker. `initSearch` (called once) hands each archive to the search worker after its tree is on
 * screen, and runs AppState.search whenever it or the archive changes, so a link's `q=`, the
 * Search panel and "References" all take the same path.
 */
import { defaultQuery, type SearchQuery } from '../core/search/query';
import type { OpenedResult } from '../worker/protocol';
import type { FileHits } from '../worker/search-protocol';
import { openPath } from './actions';
import { bridge } from './bridge';
import { searchBridge } from './search-bridge';
import { initialSearchView, patchSearch, searchView } from './search-state';
import { app, patch } from './state';

/** At most this many lines are listed; the totals still count every match. */
export const RESULT_CAP = 1000;
/** Typing pauses this long before a search starts (Enter starts it at once). */
const TYPING_MS = 60;

/** After the tree is painted, so handing over the archive never delays it. */
const afterPaint = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));

let typing: ReturnType<typeof setTimeout> | undefined;

/** The Search panel's query changed: record the keystroke, start the search after a short pause. */
export function submitQuery(query: SearchQuery, now = false): void {
  performance.clearMarks('khi:search-start');
  performance.clearMarks('khi:search-done');
  performance.mark('khi:search-start');
  clearTimeout(typing);
  const go = (): void => patch({ search: query, left: 'search' });
  if (now) go();
  else typing = setTimeout(go, TYPING_MS);
}

function mergeGroups(prev: FileHits[], more: FileHits[]): FileHits[] {
  const out = prev.slice();
  for (const g of more) {
    const last = out[out.length - 1];
    if (last && last.path === g.path)
      out[out.length - 1] = { path: g.path, lines: [...last.lines, ...g.lines] };
    else out.push(g);
  }
  return out;
}

function runSearch(query: SearchQuery): void {
  const run = searchView.get().run + 1;
  if (query.pattern === '') {
    searchBridge.drop();
    patchSearch({ run, running: false, groups: [], received: 0, totals: null, error: null });
    return;
  }
  if (performance.getEntriesByName('khi:search-start').length === 0) performance.mark('khi:search-start');
  patchSearch({ run, running: true, groups: [], received: 0, totals: null, error: null });
  const mine = (): boolean => searchView.get().run === run;
  void searchBridge.search(query, RESULT_CAP, {
    onHits: (groups) => {
      if (!mine() || groups.length === 0) return;
      const s = searchView.get();
      const received = s.received + groups.reduce((n, g) => n + g.lines.length, 0);
      patchSearch({ groups: mergeGroups(s.groups, groups), received });
    },
    onDone: (totals) => {
      if (!mine()) return;
      patchSearch({ running: false, totals });
      requestAnimationFrame(() => {
        if (mine()) performance.mark('khi:search-done');
      });
    },
    onError: (error) => {
      if (mine()) patchSearch({ running: false, error: error.message });
    },
  });
}

/** Open a result: the file at that line, selected (so the URL records it), the match highlighted. */
export function openHit(path: string, line: number, ranges: [number, number][]): void {
  patchSearch({ mark: { path, line, ranges } });
  void openPath(path, { start: line, end: line });
  // openPath reveals the file in the tree; stay on the results (the link keeps the search).
  patch({ left: 'search' });
}

/** "References": the whole-word, case-sensitive search for an identifier. */
export function findReferences(name: string): void {
  submitQuery({ ...defaultQuery(name), word: true }, true);
}

/** Definitions of an identifier in the open archive (waits for the symbol index). */
export const lookupDefinitions = (name: string) => searchBridge.lookup(name);

/** Start following the store: call once. Returns the unsubscribe function. */
export function initSearch(): () => void {
  searchBridge.onIndex = (index) => {
    patchSearch({ index });
    // For bench/search.mjs: the worker's own time to build the index, off the critical path.
    if (index?.done) performance.mark('khi:index-done', { detail: index });
  };
  let archive: OpenedResult | null = null;
  let query: SearchQuery | null = null;
  return app.subscribe(() => {
    const s = app.get();
    const ready = s.load.phase === 'ready' ? s.result : null;
    const newArchive = ready !== archive;
    if (newArchive) {
      archive = ready;
      searchView.set({ ...initialSearchView, run: searchView.get().run + 1 });
      searchBridge.setArchive(ready && s.tree ? () => afterPaint().then(() => bridge.corpus()) : null);
    }
    if (!archive || (!newArchive && s.search === query)) return;
    query = s.search;
    if (query) runSearch(query);
  });
}
