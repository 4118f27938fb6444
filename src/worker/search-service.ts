/**
 * What the search worker does, without the worker globals (so Node tests drive it directly):
 * keep one archive's corpus, run searches that stream their hits grouped by file, and build the
 * symbol index in slices after the archive arrives, answering look-ups once it is complete.
 */
import { toKhiError } from '../core/errors';
import { bytesToText, type Corpus, type CorpusFile } from '../core/search/corpus';
import { pathFilter } from '../core/search/glob';
import { grepCorpus } from '../core/search/grep';
import { previewOf } from '../core/search/preview';
import { compileQuery, type SearchQuery } from '../core/search/query';
import { SymbolIndex } from '../core/symbols/index';
import type { FileHits, FromSearch, SearchTotals } from './search-protocol';

export interface ServiceHost {
  post(msg: FromSearch): void;
  /** Run `fn` soon, after pending messages (setTimeout 0 in a worker). */
  later(fn: () => void): void;
  now(): number;
}

/** How long one slice of index building may hold the worker before it yields to messages. */
const INDEX_SLICE_MS = 40;
/** Hits are posted at least this often while a search runs. */
const FLUSH_MS = 30;

export class SearchService {
  private corpus: Corpus | null = null;
  private archive = -1;
  private index: SymbolIndex | null = null;
  private indexMs = 0;
  private waiting: { id: number; name: string; at: number }[] = [];

  constructor(private readonly host: ServiceHost) {}

  load(archive: number, tar: Uint8Array, files: CorpusFile[]): void {
    const t0 = this.host.now();
    this.corpus = { tar, text: bytesToText(tar), files };
    this.archive = archive;
    this.index = new SymbolIndex(this.corpus);
    this.indexMs = 0;
    this.host.post({ type: 'loaded', archive, files: files.length, ms: this.host.now() - t0 });
    this.host.later(() => this.indexSlice(archive));
  }

  private indexSlice(archive: number): void {
    const index = this.index;
    if (!index || archive !== this.archive) return;
    const t0 = this.host.now();
    const done = index.step(INDEX_SLICE_MS, () => this.host.now());
    this.indexMs += this.host.now() - t0;
    if (!done) {
      this.host.later(() => this.indexSlice(archive));
      return;
    }
    const status = {
      done: true,
      files: index.filesDone,
      definitions: index.count,
      names: index.names,
      ms: this.indexMs,
    };
    this.host.post({ type: 'index', archive, status });
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) this.answerLookup(w.id, w.name, w.at);
  }

  lookup(id: number, name: string): void {
    if (!this.index) {
      this.host.post({ type: 'defs', id, name, defs: [], ms: 0 });
      return;
    }
    if (!this.index.done) this.waiting.push({ id, name, at: this.host.now() });
    else this.answerLookup(id, name, this.host.now());
  }

  private answerLookup(id: number, name: string, at: number): void {
    const defs = this.index?.lookup(name) ?? [];
    this.host.post({ type: 'defs', id, name, defs, ms: this.host.now() - at });
  }

  search(id: number, query: SearchQuery, cap: number): void {
    const t0 = this.host.now();
    const corpus = this.corpus;
    const compiled = compileQuery(query);
    if (!compiled.ok) return this.host.post({ type: 'error', id, error: compiled.error });
    if (!corpus) {
      const error = { code: 'usage' as const, message: 'No archive is loaded.', severity: 'error' as const };
      return this.host.post({ type: 'error', id, error });
    }
    try {
      const totals = this.scan(id, corpus, compiled.scan, compiled.line, query, cap);
      this.host.post({ type: 'done', id, totals: { ...totals, ms: this.host.now() - t0 } });
    } catch (e) {
      this.host.post({ type: 'error', id, error: toKhiError(e) });
    }
  }

  private scan(
    id: number,
    corpus: Corpus,
    scan: RegExp,
    line: RegExp,
    query: SearchQuery,
    cap: number,
  ): Omit<SearchTotals, 'ms'> {
    let groups: FileHits[] = [];
    let group: FileHits | null = null;
    let groupFile = -1;
    let sent = 0;
    let lastFlush = this.host.now();
    // While scanning, a flush is also the heartbeat that tells the UI's watchdog this search is
    // making progress, so it posts even without new hits; the final flush only when it has some.
    const flush = (heartbeat: boolean): void => {
      if (groups.length > 0 || heartbeat) this.host.post({ type: 'hits', id, groups });
      groups = [];
      group = null;
      groupFile = -1;
      lastFlush = this.host.now();
    };
    const totals = grepCorpus(corpus, scan, line, {
      filter: pathFilter(query.paths),
      onLine: (hit) => {
        if (sent >= cap) return;
        sent++;
        if (hit.file !== groupFile || !group) {
          group = { path: corpus.files[hit.file]!.path, lines: [] };
          groupFile = hit.file;
          groups.push(group);
        }
        group.lines.push(previewOf(corpus, hit));
      },
      onProgress: () => {
        if (this.host.now() - lastFlush >= FLUSH_MS) flush(true);
      },
    });
    flush(false);
    return {
      lines: totals.lines,
      matches: totals.matches,
      files: totals.files,
      capped: totals.lines > sent,
      searched: countSearched(corpus.files, query.paths),
    };
  }
}

function countSearched(files: readonly CorpusFile[], paths: string): number {
  const f = pathFilter(paths);
  return f ? files.reduce((n, x) => n + (f(x.path) ? 1 : 0), 0) : files.length;
}
