/**
 * The only UI module that talks to the worker. One worker at a time, started early (warm) so its
 * start-up hides behind the file picker. Cancel terminates it (a decoder loop cannot be interrupted
 * otherwise) and a fresh one is started on the next call. Errors arrive as data (KhiError) and are
 * rethrown here as a real Error carrying that data.
 */
import type { Check } from '../core/checks';
import type { KhiError } from '../core/errors';
import type { SkippedEntry } from '../core/safe-paths';
import type { CorpusFile } from '../core/search/corpus';
import { decodeTree } from '../core/tree-wire';
import type { ConfigSummary, Progress, TreeNode } from '../core/types';
import type { FromWorker, OpenedResult, PeekReply, ToWorker, WorkerMark } from '../worker/protocol';

export class KhiRequestError extends Error {
  readonly info: KhiError;
  constructor(info: KhiError) {
    super(info.message);
    this.name = 'KhiRequestError';
    this.info = info;
  }
}

interface Pending {
  resolve: (msg: FromWorker) => void;
  reject: (e: KhiRequestError) => void;
  onProgress?: (p: Progress) => void;
  /** The open's callbacks for what follows its result (config, digest). */
  after?: OpenCallbacks;
}

export interface OpenCallbacks {
  /** Aborting it while this open runs cancels it (terminates the worker). */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** The input's SHA-256, delivered after the result. */
  onDigest?: (sha256: string) => void;
  /** A config rebuilt from autoconf.h, delivered after a result with `configPending` (before the digest). */
  onConfig?: (config: ConfigSummary | null, configText: string | null) => void;
}

export type OpenInput = File | { bytes: ArrayBuffer; name: string };

/** An open's answer: the result and its header tree (built once, in the worker). */
export interface Opened {
  result: OpenedResult;
  tree: TreeNode | null;
}

/** Marks of one open on the page's timeline (khi:w:* from the worker, khi:received, khi:tree-decoded). */
const OPEN_MARKS = /^khi:(w:|received$|tree-decoded$)/;

export function replayMarks(marks: WorkerMark[]): void {
  for (const m of marks) performance.mark(m.name, { startTime: m.at - performance.timeOrigin });
}

class Bridge {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** The open request still running, if any. */
  private opening: number | null = null;
  /** The open request whose result the worker holds (its digest may still arrive). */
  private current: number | null = null;

  /** Start a worker now if none is running (call while the user is choosing a file). */
  warm(): void {
    if (this.worker) return;
    performance.mark('khi:worker-new');
    const w = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (ev: MessageEvent<FromWorker>) => this.onMessage(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      this.fail({
        code: 'internal',
        message: `The worker crashed: ${ev.message || 'unknown error'}`,
        severity: 'error',
      });
    };
    this.worker = w;
  }

  /** Inspect a file. Opening another file cancels this one. */
  open(input: OpenInput, cb: OpenCallbacks = {}): Promise<Opened> {
    if (this.opening !== null) this.cancel();
    for (const m of performance.getEntriesByType('mark'))
      if (OPEN_MARKS.test(m.name)) performance.clearMarks(m.name);
    const id = this.nextId++;
    this.opening = id;
    this.current = id;
    const p = this.request(id, cb, (w) => {
      if (input instanceof Blob) {
        w.postMessage({ type: 'open', id, file: input, name: input.name } satisfies ToWorker);
      } else {
        // Transferred: the sample's bytes move to the worker without a copy.
        w.postMessage({ type: 'open', id, bytes: input.bytes, name: input.name } satisfies ToWorker, [
          input.bytes,
        ]);
      }
    });
    const onAbort = (): void => {
      if (this.opening === id) this.cancel();
    };
    cb.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      cb.signal?.removeEventListener('abort', onAbort);
      if (this.opening === id) this.opening = null;
    };
    return p.then(
      (msg) => {
        done();
        if (msg.type !== 'result')
          throw new KhiRequestError({ code: 'internal', message: 'bad reply', severity: 'error' });
        performance.mark('khi:received');
        replayMarks(msg.marks);
        const tree = msg.tree ? decodeTree(msg.tree) : null;
        performance.mark('khi:tree-decoded');
        this.whenIdle(id);
        return { result: msg.result, tree };
      },
      (e: unknown) => {
        done();
        throw e;
      },
    );
  }

  /**
   * Tell the worker when the page is idle after this result (the tree rendered and painted): it
   * holds the digest and its next output arena until then, so they do not compete with the paint.
   */
  private whenIdle(id: number): void {
    const w = this.worker;
    const tell = (): void => {
      if (this.worker === w) w?.postMessage({ type: 'idle', id } satisfies ToWorker);
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(tell, { timeout: 1000 });
    else setTimeout(tell, 100);
  }

  /** Stop the running open for real: terminate the worker. A fresh one starts on the next call. */
  cancel(): void {
    this.opening = null;
    this.current = null;
    this.worker?.terminate();
    this.worker = null;
    this.fail({ code: 'cancelled', message: 'Cancelled.', severity: 'error' });
  }

  get busy(): boolean {
    return this.opening !== null;
  }

  /** One file's bytes (symlinks followed), or why the path gives none (a sentence, names escaped). */
  async read(path: string): Promise<Uint8Array | string> {
    const msg = await this.simple((id) => ({ type: 'read', id, path }));
    if (msg.type !== 'bytes') return 'The file could not be read.';
    return msg.bytes ? new Uint8Array(msg.bytes) : (msg.why ?? 'This entry has no readable data.');
  }

  /** A .tar of `folder` ('' = the whole archive), and the entries left out as unsafe. */
  async exportTar(folder: string): Promise<{ tar: Uint8Array; skipped: SkippedEntry[] }> {
    const msg = await this.simple((id) => ({ type: 'export', id, folder }));
    if (msg.type !== 'exported')
      throw new KhiRequestError({ code: 'internal', message: 'Export failed.', severity: 'error' });
    return { tar: new Uint8Array(msg.bytes), skipped: msg.skipped };
  }

  /** A layer's whole bytes (its own, or with `decoded` a codec layer's output); null when not to be had. */
  async layerBytes(layerId: number, decoded: boolean): Promise<Uint8Array | null> {
    const msg = await this.simple((id) => ({ type: 'layer-bytes', id, layerId, decoded }));
    return msg.type === 'layer-bytes' && msg.bytes ? new Uint8Array(msg.bytes) : null;
  }

  async peek(layerId: number, before: number, after: number): Promise<PeekReply> {
    const msg = await this.simple((id) => ({ type: 'peek', id, layerId, before, after }));
    return msg.type === 'peek' ? msg.peek : { bytes: null, start: 0, at: 0, space: null };
  }

  /** A copy of the open archive's tar and its regular files (for the search worker). */
  async corpus(): Promise<{ tar: ArrayBuffer; files: CorpusFile[] } | null> {
    const msg = await this.simple((id) => ({ type: 'corpus', id }));
    return msg.type === 'corpus' && msg.tar ? { tar: msg.tar, files: msg.files } : null;
  }

  /** The readiness checks of the open archive, run in the worker; null when nothing is open. */
  async checks(): Promise<Check[] | null> {
    const msg = await this.simple((id) => ({ type: 'checks', id }));
    return msg.type === 'checks' ? msg.checks : null;
  }

  private simple(make: (id: number) => ToWorker): Promise<FromWorker> {
    return this.call(make);
  }

  /** One request and its one reply, for feature bridges (src/ui/compare-bridge.ts); `transfer` moves buffers. */
  call(make: (id: number) => ToWorker, transfer: Transferable[] = []): Promise<FromWorker> {
    const id = this.nextId++;
    return this.request(id, {}, (w) => w.postMessage(make(id), transfer));
  }

  private request(id: number, cb: OpenCallbacks, send: (w: Worker) => void): Promise<FromWorker> {
    this.warm();
    const w = this.worker!;
    return new Promise<FromWorker>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: cb.onProgress, after: cb });
      send(w);
    });
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'ready') {
      if (performance.getEntriesByName('khi:worker-ready').length === 0) performance.mark('khi:worker-ready');
      return;
    }
    if (msg.type === 'config') {
      if (msg.id === this.current) this.afterResult.get(msg.id)?.onConfig?.(msg.config, msg.configText);
      return;
    }
    if (msg.type === 'digest') {
      if (msg.id === this.current) this.afterResult.get(msg.id)?.onDigest?.(msg.sha256);
      this.afterResult.delete(msg.id);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'error') {
      p.reject(new KhiRequestError(msg.error));
      return;
    }
    if (msg.type === 'result' && p.after) this.afterResult.set(msg.id, p.after);
    p.resolve(msg);
  }

  /** Callbacks of opens whose result came and whose digest has not yet. */
  private afterResult = new Map<number, OpenCallbacks>();

  /** Reject everything in flight (worker terminated or crashed). */
  private fail(info: KhiError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    this.afterResult.clear();
    if (info.code !== 'cancelled') {
      this.worker?.terminate();
      this.worker = null;
      this.opening = null;
    }
    for (const p of all) p.reject(new KhiRequestError(info));
  }
}

export const bridge = new Bridge();
