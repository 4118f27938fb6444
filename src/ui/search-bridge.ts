/**
 * The only UI module that talks to the search worker (src/worker/search-worker.ts). It hands the
 * worker a copy of the open archive, runs one search at a time (a newer one makes older replies
 * stale), and watches it: a worker that stays silent longer than SILENCE_MS while a search runs is
 * stuck in a regular expression that backtracks without end, so it is terminated, the search fails
 * with a clear message, and a fresh worker is started and loaded again. The main worker, which
 * holds the open archive, is never touched.
 */
import type { KhiError } from '../core/errors';
import type { CorpusFile } from '../core/search/corpus';
import type { SearchQuery } from '../core/search/query';
import type { DefSite } from '../core/symbols/index';
import type { FileHits, FromSearch, IndexStatus, SearchTotals, ToSearch } from '../worker/search-protocol';

/** A search that posts nothing for this long is stopped. Searches post at least every ~30 ms. */
export const SILENCE_MS = 4000;

export interface SearchCallbacks {
  onHits: (groups: FileHits[]) => void;
  onDone: (totals: SearchTotals) => void;
  onError: (error: KhiError) => void;
}

export interface ArchiveSource {
  /** A copy of the archive (tar bytes + files); null when nothing searchable is open. */
  (): Promise<{ tar: ArrayBuffer; files: CorpusFile[] } | null>;
}

type Lookup = { resolve: (r: { defs: DefSite[]; ms: number }) => void };

class SearchBridge {
  private worker: Worker | null = null;
  private nextId = 1;
  private archive = 0;
  private source: ArchiveSource | null = null;
  private running: { id: number; cb: SearchCallbacks } | null = null;
  private lookups = new Map<number, Lookup>();
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** Resolves when the current archive is loaded in the worker (false: nothing to search). */
  private ready: Promise<boolean> = Promise.resolve(false);
  onIndex: ((s: IndexStatus | null) => void) | null = null;

  warm(): void {
    if (this.worker) return;
    const w = new Worker(new URL('../worker/search-worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (ev: MessageEvent<FromSearch>) => this.onMessage(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      this.restart({
        code: 'internal',
        message: `The search worker crashed: ${ev.message}`,
        severity: 'error',
      });
    };
    this.worker = w;
  }

  /** A new archive is on screen: give the worker its copy (call after the tree is shown). */
  setArchive(source: ArchiveSource | null): void {
    this.archive++;
    this.source = source;
    this.running = null;
    this.onIndex?.(null);
    this.ready = this.load();
  }

  private async load(): Promise<boolean> {
    const archive = this.archive;
    const got = this.source ? await this.source().catch(() => null) : null;
    if (!got || archive !== this.archive) return false;
    this.warm();
    this.post({ type: 'load', archive, tar: got.tar, files: got.files }, [got.tar]);
    return true;
  }

  /** Run a search; replaces any running one (its replies are dropped). */
  async search(query: SearchQuery, cap: number, cb: SearchCallbacks): Promise<void> {
    const id = this.nextId++;
    this.running = { id, cb };
    const loaded = await this.ready;
    if (this.running?.id !== id) return;
    if (!loaded) {
      cb.onError({ code: 'usage', message: 'This file has no header archive to search.', severity: 'error' });
      this.running = null;
      return;
    }
    this.post({ type: 'search', id, query, cap });
    this.arm();
  }

  /** Stop listening to the running search (its worker finishes it; the replies are dropped). */
  drop(): void {
    this.running = null;
    clearTimeout(this.watchdog);
  }

  /** Definitions of `name` in the open archive (waits for the symbol index). */
  async lookup(name: string): Promise<{ defs: DefSite[]; ms: number }> {
    if (!(await this.ready)) return { defs: [], ms: 0 };
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.lookups.set(id, { resolve });
      this.post({ type: 'lookup', id, name });
    });
  }

  private post(msg: ToSearch, transfer: Transferable[] = []): void {
    this.warm();
    this.worker!.postMessage(msg, transfer);
  }

  private arm(): void {
    clearTimeout(this.watchdog);
    if (!this.running) return;
    this.watchdog = setTimeout(() => {
      const s = SILENCE_MS / 1000;
      this.restart({
        code: 'cancelled',
        message:
          `The search was stopped after ${s} s without progress: this regular expression backtracks ` +
          'without end on some line. Try a simpler pattern, a literal search or a path filter.',
        severity: 'error',
      });
    }, SILENCE_MS);
  }

  /** Terminate the worker, fail what was waiting on it, and load the archive into a fresh one. */
  private restart(error: KhiError): void {
    clearTimeout(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    const running = this.running;
    this.running = null;
    running?.cb.onError(error);
    for (const l of this.lookups.values()) l.resolve({ defs: [], ms: 0 });
    this.lookups.clear();
    this.onIndex?.(null);
    if (this.source) this.ready = this.load();
  }

  private onMessage(msg: FromSearch): void {
    if (msg.type === 'loaded') return;
    if (msg.type === 'index') {
      if (msg.archive === this.archive) this.onIndex?.(msg.status);
      return;
    }
    if (msg.type === 'defs') {
      this.lookups.get(msg.id)?.resolve({ defs: msg.defs, ms: msg.ms });
      this.lookups.delete(msg.id);
      return;
    }
    // Any search reply shows the worker is alive (an older search may still be finishing).
    this.arm();
    const r = this.running;
    if (!r || r.id !== msg.id) return;
    if (msg.type === 'hits') {
      r.cb.onHits(msg.groups);
      return;
    }
    this.drop();
    if (msg.type === 'done') r.cb.onDone(msg.totals);
    else r.cb.onError(msg.error);
  }
}

export const searchBridge = new SearchBridge();
