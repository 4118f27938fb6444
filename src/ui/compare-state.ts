/**
 * The comparison's state, in its own atom beside the app's (state.ts): the second artifact, the
 * diff tree and its view, the line diff on screen, and a link waiting for its second file.
 */
import type { Comparison } from '../core/compare/compare';
import type { LineDiffReply } from '../worker/compare-protocol';
import type { OpenedResult } from '../worker/protocol';
import { Atom } from './atom';
import type { CompareRef } from './share/url-state';

export type ComparePanel = 'lines' | 'config';

/** The line diff as one column (diff -u) or both files side by side. */
export type DiffLayout = 'unified' | 'split';

export interface LineDiffView {
  path: string;
  loading: boolean;
  reply: LineDiffReply | null;
  error: string | null;
  /** The whole file instead of hunks with 3 lines of context. */
  whole: boolean;
}

/** Lines picked on one side of a line diff (recorded in links). */
export interface DiffLines {
  side: 'a' | 'b';
  start: number;
  end: number;
}

export interface CompareState {
  phase: 'off' | 'opening' | 'ready' | 'failed';
  other: { name: string; size: number; sha256: string | null } | null;
  result: OpenedResult | null;
  comparison: Comparison | null;
  /** Tree diff time in the worker (ms). */
  treeMs: number | null;
  error: string | null;
  onlyChanges: boolean;
  ignoreMeta: boolean;
  expanded: ReadonlySet<string>;
  focused: string | null;
  panel: ComparePanel;
  diff: LineDiffView | null;
  lines: DiffLines | null;
  layout: DiffLayout;
  configQuery: string;
  /** A link names a second artifact that is not open yet. */
  wanted: CompareRef | null;
  /** "Compare with…" opened the compare band to offer the recent archives (it shows during a drag too). */
  offer: boolean;
}

export const compareInitial: CompareState = {
  phase: 'off',
  other: null,
  result: null,
  comparison: null,
  treeMs: null,
  error: null,
  onlyChanges: false,
  ignoreMeta: false,
  expanded: new Set(['']),
  focused: null,
  panel: 'lines',
  diff: null,
  lines: null,
  layout: 'unified',
  configQuery: '',
  wanted: null,
  offer: false,
};

export const compare = new Atom<CompareState>(compareInitial);

export const patchCompare = (p: Partial<CompareState>): void => compare.update((s) => ({ ...s, ...p }));
