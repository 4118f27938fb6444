/**
 * The typed messages between the UI (src/ui/search-bridge.ts) and the search worker
 * (src/worker/search-worker.ts). The search worker holds its own copy of the archive (a corpus) and
 * the symbol index, so a runaway regular expression can be stopped by terminating it while the main
 * worker, which holds the open archive, keeps working.
 */
import type { KhiError } from '../core/errors';
import type { CorpusFile } from '../core/search/corpus';
import type { PreviewLine } from '../core/search/preview';
import type { SearchQuery } from '../core/search/query';
import type { DefSite } from '../core/symbols/index';

export type ToSearch =
  /** The archive to search: the tar bytes (transferred) and its regular files. */
  | { type: 'load'; archive: number; tar: ArrayBuffer; files: CorpusFile[] }
  /** Run a search; hits stream back as `hits`, then one `done`. At most `cap` lines are sent. */
  | { type: 'search'; id: number; query: SearchQuery; cap: number }
  /** Definitions of an identifier (answered once the symbol index is complete). */
  | { type: 'lookup'; id: number; name: string };

/** The matching lines of one file. */
export interface FileHits {
  path: string;
  lines: PreviewLine[];
}

export interface SearchTotals {
  /** Matching lines, match ranges and files, counted over the whole archive even when capped. */
  lines: number;
  matches: number;
  files: number;
  /** True when more lines matched than were sent. */
  capped: boolean;
  /** Files searched (after the path filter). */
  searched: number;
  /** Time spent in the worker. */
  ms: number;
}

export interface IndexStatus {
  done: boolean;
  files: number;
  definitions: number;
  names: number;
  ms: number;
}

export type FromSearch =
  | { type: 'loaded'; archive: number; files: number; ms: number }
  | { type: 'hits'; id: number; groups: FileHits[] }
  | { type: 'done'; id: number; totals: SearchTotals }
  | { type: 'defs'; id: number; name: string; defs: DefSite[]; ms: number }
  | { type: 'index'; archive: number; status: IndexStatus }
  | { type: 'error'; id: number; error: KhiError };
