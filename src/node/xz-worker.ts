/**
 * The xz decoding worker of --extract (extract-stream.ts): decodes the planned Blocks one after
 * another straight into the shared output, and after every step of liblzma publishes how many
 * output bytes are written, so the main thread writes files while this thread decodes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeXzBlockWith } from '../core/formats/xz/block';
import { Liblzma } from '../core/wasm/liblzma';
import type { OutputSink } from '../core/wasm/steps';
import type { SharedBlockJob, XzWorkerData, XzWorkerReply } from './xz-worker-protocol';

/** Output of one block into its slice of the shared buffer; each piece is published at once. */
class SharedSink implements OutputSink {
  private written = 0;
  constructor(
    private readonly out: Uint8Array,
    private readonly produced: BigInt64Array,
    private readonly job: SharedBlockJob,
  ) {}
  room(): number {
    return this.job.room - this.written;
  }
  put(bytes: Uint8Array): void {
    this.out.set(bytes, this.job.start + this.written);
    this.written += bytes.length;
    Atomics.store(this.produced, 0, BigInt(this.job.start + this.written));
    Atomics.notify(this.produced, 0);
  }
}

async function decodeAll(d: XzWorkerData): Promise<XzWorkerReply> {
  const input = new Uint8Array(d.input);
  const out = new Uint8Array(d.output);
  const produced = new BigInt64Array(d.produced);
  const results = [];
  const lz = await Liblzma.acquire();
  try {
    for (const job of d.jobs) {
      const block = {
        bytes: input.subarray(job.at, job.at + job.length),
        checkType: job.checkType,
        compressedSize: job.compressedSize,
        uncompressedSize: job.uncompressedSize,
        dictCap: job.dictCap,
      };
      const r = await decodeXzBlockWith(lz, block, new SharedSink(out, produced, job), {
        outWindow: d.step,
      });
      results.push(r);
      if (r.status !== 'ok') break;
    }
  } finally {
    lz.release();
  }
  return { results };
}

const port = parentPort!;
decodeAll(workerData as XzWorkerData).then(
  (reply) => port.postMessage(reply),
  (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) }),
);
