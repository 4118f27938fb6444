/// <reference lib="webworker" />
/**
 * The worker entry: runs the core's inspect() and keeps the Inspection (the decompressed tar bytes)
 * here, so file contents cross to the UI only when the user opens or exports something.
 * This is the only module that calls postMessage in the worker.
 */
import { readinessChecks } from '../core/checks';
import { toKhiError } from '../core/errors';
import { inspect, type Inspection } from '../core/inspect';
import { blobSource, bytesSource, type Source } from '../core/source';
import { encodeTree } from '../core/tree-wire';
import type { Progress } from '../core/types';
import { corpusFiles } from '../core/search/corpus';
import { handleCompare, isCompareMessage } from './compare-worker';
import { exportFolder } from './export-tar';
import { keptOutputs, LayerBytes } from '../core/layer-bytes';
import type { FromWorker, PeekReply, ToWorker } from './protocol';
import { StageMarks } from './stage-marks';
import { detachEarly } from './detach-early';
import { preloadWasm } from '../core/wasm/preload';
import { setOutputArena } from '../core/formats/kit/codec-kit';
import { PrefaultedArena } from './output-arena';
import { warmLiblzma } from './warm-lzma';
import { warmOpen } from './warm-open';
import { startXzBlockPool } from './xz-pool';

declare const self: DedicatedWorkerGlobalScope;

// Before any warm-up: the first detach would otherwise discard the warmed code inside the open.
detachEarly();

/** Output pages touched while idle, lent to the next large decode (output-arena.ts). */
const arena = new PrefaultedArena();
setOutputArena(arena);

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

let current: {
  id: number;
  source: Source;
  inspection: Inspection | null;
  /** Bytes for the layer report's hex peek, decoded again on demand within a memory budget. */
  layerBytes: LayerBytes | null;
  abort: AbortController;
} | null = null;

/**
 * Progress messages at most every PROGRESS_MS (stage and layer changes always pass): each one
 * re-renders, lays out, paints and composites the progress panel on the page, on the same two
 * cores the decoder needs.
 */
const PROGRESS_MS = 200;

function progressPoster(id: number, marks: StageMarks): (p: Progress) => void {
  let last = 0;
  let lastStage = '';
  let lastLayer: string | undefined;
  return (p) => {
    marks.stage(p.stage);
    const now = performance.now();
    if (p.stage === lastStage && p.layer === lastLayer && now - last < PROGRESS_MS) return;
    last = now;
    lastStage = p.stage;
    lastLayer = p.layer;
    post({ type: 'progress', id, progress: p });
  };
}

/** The source, keeping the bytes of a whole-file read (readAll makes one for a small file). */
function remembering(source: Source): Source & { whole: Uint8Array | null } {
  const r = {
    ...source,
    whole: null as Uint8Array | null,
    read: async (start: number, end: number) => {
      const part = await source.read(start, end);
      if (start === 0 && part.length === source.size) r.whole = part;
      return part;
    },
  };
  return r;
}

async function sha256Hex(source: Source & { whole: Uint8Array | null }): Promise<string> {
  // crypto.subtle has no streaming digest; kernel artifacts are 5–100 MB, so one read is fine. The
  // bytes inspect() read are used when it read the file in one piece (no second read and copy).
  const bytes = source.whole ?? (await source.read(0, source.size));
  source.whole = null;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The open waiting for the page's 'idle' (its tree painted) before its after-work. */
let idleWait: { id: number; go: () => void } | null = null;

/** Resolves when the page says it is idle after showing open `id` (or when another open starts). */
function pageIdle(id: number): Promise<void> {
  idleWait?.go();
  return new Promise((go) => (idleWait = { id, go }));
}

async function open(msg: Extract<ToWorker, { type: 'open' }>): Promise<void> {
  current?.abort.abort();
  idleWait?.go();
  const source = remembering(
    'file' in msg ? blobSource(msg.file, msg.name) : bytesSource(msg.bytes, msg.name),
  );
  const abort = new AbortController();
  const job = {
    id: msg.id,
    source,
    inspection: null as Inspection | null,
    layerBytes: null as LayerBytes | null,
    abort,
  };
  current = job;
  const marks = new StageMarks();
  marks.mark('open');
  try {
    const onProgress = progressPoster(msg.id, marks);
    // A config rebuilt from autoconf.h (~40 ms) is made after the tree is sent, beside its paint.
    const inspection = await inspect(source, { signal: abort.signal, onProgress, autoconfLater: true });
    if (current !== job) return;
    job.inspection = inspection;
    job.layerBytes = new LayerBytes(inspection.result.layers, source, keptOutputs(inspection));
    postResult(msg.id, inspection, marks);
    const later = inspection.configLater?.();
    if (later) post({ type: 'config', id: msg.id, config: later.config, configText: later.text });
    // The digest (a copy of the input) and the arena's page faults wait until the tree is painted.
    await pageIdle(msg.id);
    // Another open released the wait: no digest of this file, and that open's arena is its own.
    if (current !== job) return;
  } catch (e) {
    if (current === job) post({ type: 'error', id: msg.id, error: toKhiError(e) });
    void arena.refill();
    return;
  }
  try {
    const sha256 = await sha256Hex(source);
    if (current === job) post({ type: 'digest', id: msg.id, sha256 });
  } catch {
    /* the digest is a nicety; the summary shows "—" */
  }
  void arena.refill(); // touch the next open's output pages while the page is idle
}

/** The result without its entries (they stay here), and the tree in its compact, transferable form. */
function postResult(id: number, inspection: Inspection, marks: StageMarks): void {
  const { entries, ...result } = inspection.result;
  // No entries, no tree: the UI shows what was scanned instead.
  const tree = inspection.tree && entries.length > 0 ? encodeTree(inspection.tree) : null;
  marks.mark('posted');
  const opened = inspection.configLater ? { ...result, configPending: true } : result;
  post({ type: 'result', id, result: opened, tree, marks: marks.marks }, tree ? [tree.nums.buffer] : []);
}

function read(id: number, path: string): void {
  const ins = current?.inspection;
  const bytes = ins?.read(path) ?? null;
  // Copy the file out of the kept tar (a view cannot be transferred without detaching the tar).
  const out = bytes ? bytes.slice().buffer : null;
  const why = out ? undefined : (ins?.whyUnread(path) ?? 'No archive is open.');
  post({ type: 'bytes', id, bytes: out, why }, out ? [out] : []);
}

function exportTar(id: number, folder: string): void {
  const ins = current?.inspection;
  if (!ins || !ins.tar) {
    post({ type: 'error', id, error: { code: 'usage', message: 'No archive is open.', severity: 'error' } });
    return;
  }
  const { tar, skipped } = exportFolder(ins.result.entries, ins.tar, folder);
  const buf = tar.buffer.byteLength === tar.byteLength ? tar.buffer : tar.slice().buffer;
  post({ type: 'exported', id, bytes: buf as ArrayBuffer, skipped }, [buf as ArrayBuffer]);
}

async function peek(id: number, layerId: number, before: number, after: number): Promise<void> {
  const w = (await current?.layerBytes?.window(layerId, before, after)) ?? null;
  if (!w) return post({ type: 'peek', id, peek: { bytes: null, start: 0, at: 0, space: null } });
  const buf = w.bytes.buffer as ArrayBuffer;
  const space = w.decodedFrom ? 'decoded' : 'input';
  const peek: PeekReply = { bytes: buf, start: w.start, at: w.at, space };
  if (w.decodedFrom) peek.decodedFrom = w.decodedFrom.label;
  post({ type: 'peek', id, peek }, [buf]);
}

async function layerBytes(id: number, layerId: number, decoded: boolean): Promise<void> {
  const bytes = (await current?.layerBytes?.whole(layerId, decoded)) ?? null;
  // `whole` copies: the buffer is this view's own, from its start (a window is a slice too).
  const buf = bytes ? (bytes.buffer as ArrayBuffer) : null;
  post({ type: 'layer-bytes', id, bytes: buf }, buf ? [buf] : []);
}

/** The search worker gets its own copy of the tar, so terminating it never touches this one. */
function corpus(id: number): void {
  const ins = current?.inspection;
  if (!ins?.tar || ins.result.entries.length === 0) return post({ type: 'corpus', id, tar: null, files: [] });
  const tar = ins.tar.slice().buffer;
  post({ type: 'corpus', id, tar, files: corpusFiles(ins.result.entries) }, [tar]);
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (isCompareMessage(msg)) return handleCompare(msg, post, current?.inspection ?? null);
  switch (msg.type) {
    case 'open':
      void open(msg);
      break;
    case 'cancel':
      if (current?.id === msg.id) current.abort.abort();
      break;
    case 'read':
      read(msg.id, msg.path);
      break;
    case 'export':
      try {
        exportTar(msg.id, msg.folder);
      } catch (e) {
        post({ type: 'error', id: msg.id, error: toKhiError(e) });
      }
      break;
    case 'corpus':
      corpus(msg.id);
      break;
    case 'idle':
      if (idleWait?.id === msg.id) idleWait.go();
      break;
    case 'checks': {
      const ins = current?.inspection;
      post({ type: 'checks', id: msg.id, checks: ins ? readinessChecks(ins.result) : null });
      break;
    }
    case 'peek':
      peek(msg.id, msg.layerId, msg.before, msg.after).catch((e: unknown) =>
        post({ type: 'error', id: msg.id, error: toKhiError(e) }),
      );
      break;
    case 'layer-bytes':
      layerBytes(msg.id, msg.layerId, msg.decoded).catch((e: unknown) =>
        post({ type: 'error', id: msg.id, error: toKhiError(e) }),
      );
      break;
  }
};

// Compile the WebAssembly decoders while idle; 'ready' follows (or a failure, which decode reports).
// Multi-block xz decodes one block per core: start the first block worker while idle too. Then warm
// liblzma (its 8 MiB dictionary touched, warm-lzma.ts), the open's JavaScript (warm-open.ts), and
// touch the output arena's pages.
const blockPool = startXzBlockPool();
void preloadWasm().finally(() => {
  post({ type: 'ready' });
  blockPool?.warm();
  void warmLiblzma()
    .catch(() => 0)
    .then(() => warmOpen())
    .catch(() => 0)
    .finally(() => arena.refill());
});
