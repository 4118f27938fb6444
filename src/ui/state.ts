/** The app's state in one atom. Components read slices with useAtom; the action modules (actions.ts, recent.ts,
 * share-actions.ts) write it. */
import type { SkippedEntry } from '../core/safe-paths';
import type { Check } from '../core/checks';
import type { KhiError } from '../core/errors';
import type { SearchQuery } from '../core/search/query';
import type { Progress, TreeNode } from '../core/types';
import type { OpenedResult } from '../worker/protocol';
import { Atom } from './atom';
import type { LineSelection } from './line-selection';
import type { FetchErrorKind } from './share/remote';
import type { RecentMeta } from './share/recent-store';
import type { UrlState } from './share/url-state';

export type LoadState =
  | { phase: 'empty' }
  | {
      phase: 'opening';
      progress: Progress | null;
      startedAt: number;
      /** Bytes per second within the current stage. */
      rate: number;
    }
  | { phase: 'ready' }
  | { phase: 'failed'; error: KhiError };

export interface ViewerState {
  path: string;
  /** null while loading or when the file cannot be read. */
  bytes: Uint8Array | null;
  loading: boolean;
  error: string | null;
}

/** A link (URL hash) that names an archive which is not open yet. */
export interface PendingLink {
  target: UrlState;
  /** True while the recent store is being searched (no card yet, to avoid a flash). */
  checking: boolean;
  /** Where the link says the archive can be downloaded (`src`), shown before any request. */
  src: string | null;
  origin: string | null;
}

/** A download of a remote archive (`#src=` or "Open URL"). */
export type RemoteState =
  | { phase: 'fetching'; src: string; origin: string; done: number; total: number | null }
  | { phase: 'failed'; src: string; origin: string; kind: FetchErrorKind; message: string };

export interface RecentState {
  /** False until the store has been opened and listed. */
  ready: boolean;
  items: RecentMeta[];
  /** True when archives survive a reload (IndexedDB). */
  persistent: boolean;
  /** Why caching is off, shown quietly on the page; null when it works. */
  problem: string | null;
  budget: number;
}

export type LeftTab = 'tree' | 'layers' | 'search';
export type RightTab = 'file' | 'config' | 'problems' | 'checks';

export interface AppState {
  load: LoadState;
  /** Bumped on every open, so views can reset per file. */
  openId: number;
  /**
   * True once an open has settled the view a link asked for; from then on the address bar follows
   * the view (url-sync.ts). False while opening, so a waiting link is not overwritten.
   */
  urlFollows: boolean;
  /** The input as given. `src` is the http(s) URL it was downloaded from, if any. */
  file: { name: string; size: number; sha256: string | null; src?: string } | null;
  result: OpenedResult | null;
  tree: TreeNode | null;
  left: LeftTab;
  right: RightTab;
  expanded: ReadonlySet<string>;
  sort: 'name' | 'size';
  filter: string;
  /** The tree row with keyboard focus (and aria-selected). */
  focused: string | null;
  viewer: ViewerState | null;
  selection: LineSelection | null;
  /** Scroll the viewer to this line once (set from the URL or a selection). */
  revealLine: number | null;
  /** A short status line such as "Copied path". */
  notice: string | null;
  dragging: boolean;
  /** Problems found in the URL hash, shown in a dismissible banner. */
  notes: string[];
  /** The last export left these entries out as unsafe to extract (core/safe-paths.ts). */
  exportSkipped: { file: string; skipped: SkippedEntry[] } | null;
  /** A link waiting for its archive (the card on the empty page). */
  link: PendingLink | null;
  /** The file opened for a link is not the archive the link names. */
  mismatch: { message: string; target: UrlState } | null;
  remote: RemoteState | null;
  recent: RecentState;
  /** Readiness checks of the open archive (core/checks.ts, run in the worker); null until they arrive. */
  checks: Check[] | null;
  /** The search the Search panel runs (and a link records); null before any. Results: search-state.ts. */
  search: SearchQuery | null;
}

export const initialState: AppState = {
  load: { phase: 'empty' },
  openId: 0,
  urlFollows: false,
  file: null,
  result: null,
  tree: null,
  left: 'tree',
  right: 'file',
  expanded: new Set(),
  sort: 'name',
  filter: '',
  focused: null,
  viewer: null,
  selection: null,
  revealLine: null,
  notice: null,
  dragging: false,
  notes: [],
  exportSkipped: null,
  link: null,
  mismatch: null,
  remote: null,
  recent: { ready: false, items: [], persistent: false, problem: null, budget: 0 },
  checks: null,
  search: null,
};

export const app = new Atom<AppState>(initialState);

export const patch = (p: Partial<AppState>): void => app.update((s) => ({ ...s, ...p }));
