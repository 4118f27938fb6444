/**
 * The typed message protocol between the UI (src/ui/bridge.ts) and the worker (src/worker/worker.ts).
 * Every request carries an `id`; every reply echoes it. Big buffers are transferred, never copied:
 * `open.bytes` UI→worker, `read`/`export`/`peek` bytes and the result's tree worker→UI.
 */
import type { Check } from '../core/checks';
import type { KhiError } from '../core/errors';
import type { SkippedEntry } from '../core/safe-paths';
import type { CorpusFile } from '../core/search/corpus';
import type { TreeWire } from '../core/tree-wire';
import type { ConfigSummary, InspectResult, Progress } from '../core/types';
import type { CompareFromWorker, CompareToWorker } from './compare-protocol';

/**
 * What the UI gets of an InspectResult: everything but the tar entries, which stay in the worker.
 * The tree (built once, in the worker) carries what the UI shows of them.
 */
export type OpenedResult = Omit<InspectResult, 'entries'> & {
  /** The config rebuilt from autoconf.h follows in a 'config' message (the tree is sent first). */
  configPending?: boolean;
};

/** A performance mark taken in the worker, as an absolute time (timeOrigin + startTime, in ms). */
export interface WorkerMark {
  name: string;
  at: number;
}

export type ToWorker =
  /** Inspect a File (the worker reads it in bounded chunks; nothing is copied up front). */
  | { type: 'open'; id: number; file: Blob; name: string }
  /** Inspect bytes the UI already holds (e.g. the fetched sample); the buffer is transferred. */
  | { type: 'open'; id: number; bytes: ArrayBuffer; name: string }
  /** Best effort: aborts the running inspect at its next check. The bridge terminates the worker anyway. */
  | { type: 'cancel'; id: number }
  /** One file's bytes from the kept tar (symlinks followed). */
  | { type: 'read'; id: number; path: string }
  /** A .tar of `folder` ('' = the whole archive). */
  | { type: 'export'; id: number; folder: string }
  /** Bytes around a layer's start, `before` bytes before and `after` bytes from it. */
  | { type: 'peek'; id: number; layerId: number; before: number; after: number }
  /** A layer's whole bytes to save: its own, or a codec layer's decoded output (LayerBytes.whole). */
  | { type: 'layer-bytes'; id: number; layerId: number; decoded: boolean }
  /** A copy of the tar bytes and its regular files, for the search worker (src/worker/search-protocol.ts). */
  | { type: 'corpus'; id: number }
  /** The readiness checks (core/checks.ts) of the open archive: they need the entries, which stay here. */
  | { type: 'checks'; id: number }
  /**
   * The page is idle after showing open `id`'s result (its tree is painted): the worker computes the
   * digest and touches the next output arena only now, so neither competes with the first paint.
   */
  | { type: 'idle'; id: number }

  /** Comparing with a second artifact (compare-protocol.ts). */
  | CompareToWorker;

export interface PeekReply {
  /** null when the bytes could not be had (a decoded output larger than the worker's peek budget). */
  bytes: ArrayBuffer | null;
  /** Offset of bytes[0] in that space (the input file or a decoded output). */
  start: number;
  /** Offset of the layer's first byte in that space. */
  at: number;
  /** Which bytes these are: the input file itself, or the decoded output of a codec layer. */
  space: 'input' | 'decoded' | null;
  /** For 'decoded': the label of the codec layer whose output holds the layer. */
  decodedFrom?: string;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: Progress }
  /** `tree` is in compact form (its buffer is transferred); `marks` time the worker's stages. */
  | { type: 'result'; id: number; result: OpenedResult; tree: TreeWire | null; marks: WorkerMark[] }
  /** The config rebuilt from autoconf.h, after a result with `configPending` (null: none sets an option). */
  | { type: 'config'; id: number; config: ConfigSummary | null; configText: string | null }
  /** SHA-256 of the input, sent after `result` and the page's `idle`, so it never delays the tree. */
  | { type: 'digest'; id: number; sha256: string }
  /** A file's bytes; or null, and why (a sentence, names escaped), e.g. a link to a missing file. */
  | { type: 'bytes'; id: number; bytes: ArrayBuffer | null; why?: string }
  /** An exported .tar and the entries left out as unsafe to extract (core/safe-paths.ts). */
  | { type: 'exported'; id: number; bytes: ArrayBuffer; skipped: SkippedEntry[] }
  | { type: 'peek'; id: number; peek: PeekReply }
  /** null when the bytes could not be had (see LayerBytes.whole). */
  | { type: 'layer-bytes'; id: number; bytes: ArrayBuffer | null }
  /** tar: null when no header archive is open. */
  | { type: 'corpus'; id: number; tar: ArrayBuffer | null; files: CorpusFile[] }
  /** null when nothing is open. */
  | { type: 'checks'; id: number; checks: Check[] | null }
  | { type: 'error'; id: number; error: KhiError }
  | CompareFromWorker;
