/**
 * What the Search panel shows, apart from the query itself (AppState.search, which links record):
 * the results as they stream in, the totals, and the symbol index status. Its own atom, so a burst of
 * streamed hits re-renders only the panel.
 */
import type { FileHits, IndexStatus, SearchTotals } from '../worker/search-protocol';
import { Atom } from './atom';

export interface SearchView {
  /** The search these results belong to (a counter); 0 before any. */
  run: number;
  running: boolean;
  groups: FileHits[];
  /** Lines received so far. */
  received: number;
  totals: SearchTotals | null;
  error: string | null;
  /** Symbol index of the open archive; null while it is being built (or nothing is open). */
  index: IndexStatus | null;
  /** The match to highlight in the viewer after opening a result. */
  mark: { path: string; line: number; ranges: [number, number][] } | null;
}

export const initialSearchView: SearchView = {
  run: 0,
  running: false,
  groups: [],
  received: 0,
  totals: null,
  error: null,
  index: null,
  mark: null,
};

export const searchView = new Atom<SearchView>(initialSearchView);

export const patchSearch = (p: Partial<SearchView>): void => searchView.update((s) => ({ ...s, ...p }));
