/**
 * The compare messages between the UI (src/ui/compare-bridge.ts) and the worker
 * (src/worker/compare-worker.ts), part of the one protocol in protocol.ts. The worker holds the
 * second archive beside the first; the diff, the content hashes and line diffs are computed there.
 */
import type { Comparison } from '../core/compare/compare';
import type { DiffRows } from '../core/compare/diff-rows';
import type { Hunk } from '../core/compare/line-diff';
import type { OpenedResult, WorkerMark } from './protocol';

export type CompareToWorker =
  /** Inspect a second artifact (the same core inspect) and compare it with the open one. */
  | { type: 'compare-open'; id: number; file: Blob; name: string }
  | { type: 'compare-open'; id: number; bytes: ArrayBuffer; name: string }
  /** The line diff of one path; `context` lines around changes (a large number: the whole file). */
  | { type: 'compare-lines'; id: number; path: string; context: number }
  /** Forget the second archive. */
  | { type: 'compare-close'; id: number };

export interface LineDiffReply {
  path: string;
  /** Each side's text (UTF-8); null when the path is not a readable file on that side. */
  a: string | null;
  b: string | null;
  /** Either side has a NUL byte: no line diff, only "binary files differ". */
  binary: boolean;
  hunks: Hunk[];
  /** Rows to show; the typed arrays are transferred. */
  rows: DiffRows;
  /** Time the diff took in the worker, in milliseconds. */
  ms: number;
}

export type CompareFromWorker =
  /** `ms`: hashing and the tree diff; `marks` (khi:w:compare-*): open, decoded, hashed, diffed. */
  | {
      type: 'compared';
      id: number;
      /** The second artifact's result without its entries (they stay in the worker). */
      other: OpenedResult;
      comparison: Comparison;
      ms: number;
      marks: WorkerMark[];
    }
  | { type: 'line-diff'; id: number; diff: LineDiffReply }
  | { type: 'compare-closed'; id: number };
