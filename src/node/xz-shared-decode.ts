/**
 * The main thread's side of the xz decoding worker (xz-worker.ts): the planned Blocks decode there
 * into a shared ring; `take` moves what has arrived into the caller's buffer, so the caller uses
 * the output while the rest still decodes. The worker ends on its own after its reply; `stop` ends
 * it early (a cancel, or output the caller does not want).
 */
import { Worker } from 'node:worker_threads';
import type { BlockJob } from '../core/formats/xz/schedule';
import {
  CONSUMED,
  PRODUCED,
  STOP,
  type SharedBlockJob,
  type XzWorkerData,
  type XzWorkerReply,
} from './xz-worker-protocol';

type WaitAsync = (
  a: BigInt64Array,
  i: number,
  v: bigint,
) => { async: boolean; value: Promise<'ok' | 'timed-out'> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Output bytes per step of the decoder (liblzma's output window): what the main thread sees at once. */
export const DEFAULT_STEP = 1 << 18;
/** Size of the ring: a few steps, so the decoder runs ahead while the caller writes. */
export const DEFAULT_RING = 2 << 20;

/**
 * Start the decoding worker before its work is known (it takes ~70 ms to start; the caller reads and
 * plans meanwhile; its first message is the XzWorkerData): from its built file beside this chunk, or
 * from source through tsx (tests); `script` replaces it (tests: a worker that fails).
 */
export function startXzWorker(script?: URL): XzWorker {
  const worker = script ? new Worker(script) : ownWorker();
  // Listened to at once: a worker that fails before its work is sent must not go unheard.
  const reply = new Promise<XzWorkerReply>((resolve) => {
    worker.once('message', (m: XzWorkerReply) => resolve(m));
    worker.once('error', (e: Error) => resolve({ error: e.message }));
    worker.once('exit', (code) => resolve({ error: `the decoding worker stopped (exit code ${code})` }));
  });
  return { worker, reply };
}

/** A started decoding worker and its one reply (or why it ended without one). */
export interface XzWorker {
  worker: Worker;
  reply: Promise<XzWorkerReply>;
}

function ownWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const src = JSON.stringify(new URL('./xz-worker.ts', here).href);
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${src}); });`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(new URL('./xz-worker.mjs', here));
}

/** Whether `bytes` may be streamed (an xz file or an ELF file): worth starting the worker early. */
export const mayStream = (bytes: Uint8Array): boolean =>
  (bytes[0] === 0xfd && bytes[1] === 0x37 && bytes[2] === 0x7a) ||
  (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c);

/** A job's input as an offset into the shared copy of `input`. */
function shared(job: BlockJob, input: Uint8Array): SharedBlockJob {
  const { bytes, ...sizes } = job.input;
  return {
    at: bytes.byteOffset - input.byteOffset,
    length: bytes.length,
    ...sizes,
    start: job.start,
    room: job.room,
  };
}

export interface SharedDecodeOptions {
  /** Output bytes per decoder step (default DEFAULT_STEP) and ring size (default DEFAULT_RING). */
  step?: number;
  ring?: number;
  /** The worker, started already (startXzWorker); default: start one now. */
  worker?: XzWorker;
}

export class SharedXzDecode {
  private readonly ring: Uint8Array;
  private readonly cells: BigInt64Array;
  private readonly worker: Worker;
  private reply: XzWorkerReply | null = null;
  /** Output bytes taken out of the ring so far. */
  private taken = 0;
  /** Settles when the worker has replied, failed or stopped. */
  private readonly ended: Promise<void>;

  /** Start decoding `jobs` (planned over `input`). */
  constructor(input: Uint8Array, jobs: readonly BlockJob[], opts: SharedDecodeOptions = {}) {
    const copy = new Uint8Array(new SharedArrayBuffer(input.length));
    copy.set(input);
    const ring = new SharedArrayBuffer(Math.max(1, opts.ring ?? DEFAULT_RING));
    const cells = new SharedArrayBuffer(3 * 8);
    this.ring = new Uint8Array(ring);
    this.cells = new BigInt64Array(cells);
    const data: XzWorkerData = {
      input: copy.buffer as SharedArrayBuffer,
      ring,
      cells,
      jobs: jobs.map((j) => shared(j, input)),
      step: opts.step ?? DEFAULT_STEP,
    };
    const w = opts.worker ?? startXzWorker();
    this.worker = w.worker;
    this.worker.postMessage(data);
    this.ended = w.reply.then((r) => {
      this.reply ??= r;
    });
  }

  /** Output bytes that have arrived and are not taken yet. */
  get available(): number {
    return Number(Atomics.load(this.cells, PRODUCED)) - this.taken;
  }

  /** Output bytes taken so far. */
  get done(): number {
    return this.taken;
  }

  /** Move the `n` (≤ available) next output bytes into `dst` at `at`, freeing their room in the ring. */
  take(dst: Uint8Array, at: number, n: number): void {
    const size = this.ring.length;
    for (let got = 0; got < n;) {
      const from = (this.taken + got) % size;
      const k = Math.min(n - got, size - from);
      dst.set(this.ring.subarray(from, from + k), at + got);
      got += k;
    }
    this.taken += n;
    Atomics.store(this.cells, CONSUMED, BigInt(this.taken));
    Atomics.notify(this.cells, CONSUMED);
  }

  /** The worker's reply once it ended (results, or why it failed); null while it runs. */
  get result(): XzWorkerReply | null {
    return this.reply;
  }

  /** Wait until output has arrived that is not taken yet, or the decode ended. */
  async wait(): Promise<void> {
    if (this.reply || this.available > 0) return;
    const w = waitAsync(this.cells, PRODUCED, BigInt(this.taken));
    if (w.async) await Promise.race([w.value, this.ended]);
  }

  /** End the worker now. */
  async stop(): Promise<void> {
    this.reply ??= { error: 'stopped' };
    Atomics.store(this.cells, STOP, 1n);
    Atomics.notify(this.cells, CONSUMED);
    await this.worker.terminate();
  }
}
