/**
 * The xz decoding worker of --extract (extract-stream.ts): decodes the planned Blocks one after
 * another into the shared ring (xz-worker-protocol.ts), publishing each step at once, so the main
 * thread writes files while this thread decodes.
 */
import { parentPort } from 'node:worker_threads';
import { decodeXzBlockWith } from '../core/formats/xz/block';
import { Liblzma } from '../core/wasm/liblzma';
import type { OutputSink } from '../core/wasm/steps';
import {
  CONSUMED,
  PRODUCED,
  STOP,
  type SharedBlockJob,
  type XzWorkerData,
  type XzWorkerReply,
} from './xz-worker-protocol';

/** How long one wait for room lasts before the stop flag is looked at again. */
const WAIT_MS = 50;

/** The ring, written at the output offset modulo its size, never past what the reader took. */
class RingSink implements OutputSink {
  private written = 0;
  constructor(
    private readonly ring: Uint8Array,
    private readonly cells: BigInt64Array,
    private readonly job: SharedBlockJob,
  ) {}
  room(): number {
    return this.job.room - this.written;
  }
  put(bytes: Uint8Array): void {
    const { ring, cells } = this;
    for (let p = 0; p < bytes.length;) {
      const at = this.job.start + this.written;
      const free = ring.length - (at - this.taken());
      if (free === 0) continue;
      const n = Math.min(bytes.length - p, free, ring.length - (at % ring.length));
      ring.set(bytes.subarray(p, p + n), at % ring.length);
      p += n;
      this.written += n;
      Atomics.store(cells, PRODUCED, BigInt(at + n));
      Atomics.notify(cells, PRODUCED);
    }
  }
  /** Bytes the reader has taken; waits a little while the ring is full. Throws once told to stop. */
  private taken(): number {
    const seen = Atomics.load(this.cells, CONSUMED);
    if (this.job.start + this.written - Number(seen) >= this.ring.length)
      Atomics.wait(this.cells, CONSUMED, seen, WAIT_MS);
    if (Atomics.load(this.cells, STOP) !== 0n)
      throw Object.assign(new Error('stopped'), { name: 'AbortError' });
    return Number(Atomics.load(this.cells, CONSUMED));
  }
}

async function decodeAll(d: XzWorkerData): Promise<XzWorkerReply> {
  const input = new Uint8Array(d.input);
  const ring = new Uint8Array(d.ring);
  const cells = new BigInt64Array(d.cells);
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
      const r = await decodeXzBlockWith(lz, block, new RingSink(ring, cells, job), { outWindow: d.step });
      results.push(r);
      if (r.status !== 'ok') break;
    }
  } finally {
    lz.release();
  }
  return { results };
}

const port = parentPort!;
port.once('message', (d: XzWorkerData) =>
  decodeAll(d).then(
    (reply) => port.postMessage(reply),
    (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) }),
  ),
);
