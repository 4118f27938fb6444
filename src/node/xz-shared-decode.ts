/**
 * The main thread's side of the xz decoding worker (xz-worker.ts): the planned Blocks decode there
 * into one SharedArrayBuffer, and `done` says how many output bytes are final, so the caller can
 * use them while the rest still decodes. The worker ends on its own after its reply; `stop` ends it
 * early (a cancel, or output the caller does not want).
 */
import { Worker } from 'node:worker_threads';
import type { BlockJob } from '../core/formats/xz/schedule';
import type { SharedBlockJob, XzWorkerData, XzWorkerReply } from './xz-worker-protocol';

type WaitAsync = (
  a: BigInt64Array,
  i: number,
  v: bigint,
) => { async: boolean; value: Promise<'ok' | 'timed-out'> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Output bytes per step of the decoder (liblzma's output window): what the main thread sees at once. */
export const DEFAULT_STEP = 1 << 18;

/**
 * The worker, from its built file beside this chunk, or from source through tsx (tests); `script`
 * replaces it (tests: a worker that fails).
 */
function startWorker(data: XzWorkerData, script?: URL): Worker {
  if (script) return new Worker(script, { workerData: data });
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const src = JSON.stringify(new URL('./xz-worker.ts', here).href);
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${src}); });`;
    return new Worker(boot, { eval: true, workerData: data });
  }
  return new Worker(new URL('./xz-worker.mjs', here), { workerData: data });
}

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

export class SharedXzDecode {
  /** The whole output; its first `done` bytes are final. */
  readonly output: Uint8Array;
  private readonly produced: BigInt64Array;
  private readonly worker: Worker;
  private reply: XzWorkerReply | null = null;
  /** Settles when the worker has replied, failed or stopped. */
  private readonly ended: Promise<void>;

  /** Start decoding `jobs` (planned over `input`) into `size` output bytes, `step` bytes at a time. */
  constructor(
    input: Uint8Array,
    jobs: readonly BlockJob[],
    size: number,
    opts: { step?: number; script?: URL } = {},
  ) {
    const copy = new Uint8Array(new SharedArrayBuffer(input.length));
    copy.set(input);
    const output = new SharedArrayBuffer(size);
    const produced = new SharedArrayBuffer(8);
    this.output = new Uint8Array(output);
    this.produced = new BigInt64Array(produced);
    const data: XzWorkerData = {
      input: copy.buffer as SharedArrayBuffer,
      output,
      produced,
      jobs: jobs.map((j) => shared(j, input)),
      step: opts.step ?? DEFAULT_STEP,
    };
    this.worker = startWorker(data, opts.script);
    this.ended = new Promise<void>((resolve) => {
      const end = (r: XzWorkerReply): void => {
        this.reply ??= r;
        resolve();
      };
      this.worker.once('message', (m: XzWorkerReply) => end(m));
      this.worker.once('error', (e: Error) => end({ error: e.message }));
      this.worker.once('exit', (code) => end({ error: `the decoding worker stopped (exit code ${code})` }));
    });
  }

  /** Output bytes final so far. */
  get done(): number {
    return Number(Atomics.load(this.produced, 0));
  }

  /** The worker's reply once it ended (results, or why it failed); null while it runs. */
  get result(): XzWorkerReply | null {
    return this.reply;
  }

  /** Wait until more than `seen` output bytes are final, or the decode ended. */
  async wait(seen: number): Promise<void> {
    if (this.reply || this.done > seen) return;
    const w = waitAsync(this.produced, 0, BigInt(seen));
    if (w.async) await Promise.race([w.value, this.ended]);
  }

  /** End the worker now (what is in `output` stays). */
  async stop(): Promise<void> {
    this.reply ??= { error: 'stopped' };
    await this.worker.terminate();
  }
}
