/**
 * The decode worker's pool of block workers (xz-block-worker.ts), registered with the core as its
 * XzBlockPool: a multi-block xz stream then decodes one block per core (core/formats/xz/schedule.ts).
 * A fresh block worker first gets the decode worker's compiled liblzma (a WebAssembly.Module is
 * cloneable), so it neither fetches nor compiles it. Each task's block bytes are copied into a buffer
 * of their own and transferred; the decoded block comes back in transferred pieces while it decodes,
 * each copied into place once and its buffer given back. A task that is aborted terminates its block
 * worker (a WebAssembly loop cannot be interrupted); a fresh one starts at once when none is left.
 */
import type { XzBlockResult } from '../core/formats/xz/block';
import {
  type BlockProgress,
  type BlockPut,
  type XzBlockPool,
  type XzBlockTask,
  setXzBlockPool,
} from '../core/formats/xz/block-pool';
import { LIBLZMA_URL } from '../core/wasm/liblzma';
import { wasmModule } from '../core/wasm/load';
import type { FromBlockWorker, ToBlockWorker } from './xz-block-protocol';

/** Block workers at most: with the decode worker itself, 4 blocks at once (each holds its dictionary). */
const MAX_BLOCK_WORKERS = 3;

/** Block workers beside the decode worker: one per further core, within the cap. */
export function blockWorkerCount(cores: number | undefined): number {
  return Math.max(0, Math.min(MAX_BLOCK_WORKERS, Math.floor(cores ?? 1) - 1));
}

const send = (w: Worker, msg: ToBlockWorker, transfer: Transferable[] = []): void =>
  w.postMessage(msg, transfer);

/** A yield through a MessageChannel: the next task of the event loop, with no timer clamping. */
function yieldByChannel(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}

const abortError = (): Error => Object.assign(new Error('Cancelled.'), { name: 'AbortError' });

export class WorkerBlockPool implements XzBlockPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private live = 0;

  constructor(
    readonly size: number,
    private readonly spawn: () => Worker,
    /** The compiled liblzma to hand each new block worker. */
    private readonly module: () => Promise<WebAssembly.Module>,
  ) {}

  /** A yield to this thread's event loop without a timer's clamping (block-pool.ts). */
  readonly yieldNow = yieldByChannel();

  /** Start one block worker ahead of use (call while idle). */
  warm(): void {
    if (this.live === 0 && this.size > 0) this.idle.push(this.start());
  }

  decode(
    task: XzBlockTask,
    signal: AbortSignal,
    put: BlockPut,
    onProgress?: BlockProgress,
  ): Promise<XzBlockResult> {
    if (signal.aborted) return Promise.reject(abortError());
    return this.acquire(signal).then(
      (w) =>
        new Promise<XzBlockResult>((resolve, reject) => {
          const end = (keep: boolean): void => {
            w.onmessage = null;
            w.onerror = null;
            signal.removeEventListener('abort', onAbort);
            if (keep) this.release(w);
            else this.discard(w);
          };
          const onAbort = (): void => {
            end(false);
            reject(abortError());
          };
          signal.addEventListener('abort', onAbort, { once: true });
          w.onmessage = (ev: MessageEvent<FromBlockWorker>) => {
            const m = ev.data;
            if (m.type === 'progress') onProgress?.(m.inDone, m.outDone);
            else if (m.type === 'piece') {
              try {
                put(m.at, new Uint8Array(m.buffer, 0, m.length));
              } finally {
                // Always back: the block worker waits for its buffers when too many are away.
                send(w, { type: 'spare', buffer: m.buffer }, [m.buffer]);
              }
            } else if (m.type === 'done') {
              end(true);
              resolve(m.result);
            } else {
              end(false);
              reject(new Error(m.message));
            }
          };
          w.onerror = (ev) => {
            ev.preventDefault();
            end(false);
            reject(new Error(ev.message || 'The xz block worker failed to start.'));
          };
          const bytes = task.bytes.slice().buffer;
          send(w, { type: 'task', task: { ...task, bytes } }, [bytes]);
        }),
    );
  }

  private start(): Worker {
    this.live++;
    const w = this.spawn();
    // The worker waits for this before its first task (a task posted meanwhile waits in it).
    void this.module().then(
      (module) => send(w, { type: 'module', module }),
      () => send(w, { type: 'module', module: null }),
    );
    return w;
  }

  private acquire(signal: AbortSignal): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.live < this.size) return Promise.resolve(this.start());
    return new Promise((resolve, reject) => {
      const give = (w: Worker): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(w);
      };
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(give), 1);
        reject(abortError());
      };
      this.waiting.push(give);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(w: Worker): void {
    const give = this.waiting.shift();
    if (give) give(w);
    else this.idle.push(w);
  }

  private discard(w: Worker): void {
    w.terminate();
    this.live--;
    const give = this.waiting.shift();
    if (give) give(this.start());
    else this.warm(); // e.g. after a block stopped by damage before it: one ready for the next open
  }
}

/**
 * Register a pool sized to the machine's cores with the core (none on a single core, or where a
 * worker cannot start workers). Returns it so the caller can warm it while idle.
 */
export function startXzBlockPool(): WorkerBlockPool | null {
  const size = typeof Worker === 'function' ? blockWorkerCount(navigator.hardwareConcurrency) : 0;
  if (size === 0) return null;
  const pool = new WorkerBlockPool(
    size,
    () => new Worker(new URL('./xz-block-worker.ts', import.meta.url), { type: 'module' }),
    () => wasmModule(LIBLZMA_URL),
  );
  setXzBlockPool(pool);
  return pool;
}
