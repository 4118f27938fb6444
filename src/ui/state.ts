/** The app's state in one atom. Components read slices with useAtom; only actions.ts writes. */
import type { KhiError } from '../core/errors';
import type { InspectResult, Progress, TreeNode } from '../core/types';
import { Atom } from './atom';
import type { LineSelection } from './line-selection';

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

export type LeftTab = 'tree' | 'layers';
export type RightTab = 'file' | 'config' | 'problems';

export interface AppState {
  load: LoadState;
  /** Bumped on every open, so views can reset per file. */
  openId: number;
  file: { name: string; size: number; sha256: string | null } | null;
  result: InspectResult | null;
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
}

export const initialState: AppState = {
  load: { phase: 'empty' },
  openId: 0,
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
};

export const app = new Atom<AppState>(initialState);

export const patch = (p: Partial<AppState>): void => app.update((s) => ({ ...s, ...p }));
