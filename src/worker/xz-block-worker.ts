/// <reference lib="webworker" />
/**
 * A block worker: decodes one xz Block at a time for the decode worker's pool (xz-pool.ts) with the
 * same code the decode worker runs (runXzBlockTask), and sends the output back in pieces of 1 MiB
 * (transferred) while it decodes; the pool gives each piece's buffer back to be filled again, so the
 * worker touches few fresh pages. It is stopped by terminating it, so it checks no abort signal.
 */
import { BLOCK_PIECE, PieceSink, runXzBlockTask } from '../core/formats/xz/block-pool';
import { LIBLZMA_URL } from '../core/wasm/liblzma';
import { provideWasmModule } from '../core/wasm/load';
import { PiecesAway, touchedBuffers } from './pieces-away';
import { warmLiblzma } from './warm-lzma';
import type { FromBlockWorker, ToBlockWorker } from './xz-block-protocol';
import { detachEarly } from './detach-early';

declare const self: DedicatedWorkerGlobalScope;

// The first piece sent (transferred) would otherwise discard the code compiled for the first block.
detachEarly();

/** Piece buffers given back, kept (up to 8 MiB) for the next pieces and the next task: touched pages, no faults. */
const spares: ArrayBuffer[] = [];
const MAX_SPARES = 8;

let gotModule: () => void = () => undefined;
/** liblzma is there and warmed (or its warm-up failed): a task may start. */
const moduleReady = new Promise<void>((resolve) => (gotModule = resolve));

function post(msg: FromBlockWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

/** A buffer for a piece of `n` bytes: a spare when there is one. */
function pieceBuffer(n: number): Uint8Array {
  const b = spares.pop();
  return b && b.byteLength >= n ? new Uint8Array(b, 0, n) : new Uint8Array(n);
}

/** Pieces sent whose buffer has not come back yet. */
const away = new PiecesAway(MAX_SPARES);

/** Yield to the event loop (to take in spares) without a timer's clamping. */
const channel = new MessageChannel();
let wake: (() => void) | null = null;
channel.port1.onmessage = () => wake?.();
/**
 * Between pieces: yield, and while MAX_SPARES pieces are away, wait for one to come back. The
 * receiver copies each piece into place and gives its buffer back, so the block never runs more
 * than 8 MiB ahead of it and decodes into the same touched buffers, not 1 MiB of fresh pages a
 * piece (a 24–32 MiB block whose receiver lags behind would otherwise fault in that much).
 */
const yieldNow = (): Promise<void> =>
  away.full() ??
  new Promise((resolve) => {
    wake = resolve;
    channel.port2.postMessage(null);
  });

async function run(t: Extract<ToBlockWorker, { type: 'task' }>['task']): Promise<void> {
  await moduleReady;
  try {
    const sink = new PieceSink(
      t.outSize,
      (at, bytes) => {
        away.sent();
        post({ type: 'piece', at, buffer: bytes.buffer as ArrayBuffer, length: bytes.length }, [
          bytes.buffer,
        ]);
      },
      pieceBuffer,
    );
    const result = await runXzBlockTask({ ...t, bytes: new Uint8Array(t.bytes) }, sink, {
      onProgress: (inDone, outDone) => post({ type: 'progress', inDone, outDone }),
      yieldMs: 0,
      yieldNow,
    });
    performance.mark('khi:xz-block', { detail: { produced: result.produced } });
    post({ type: 'done', result });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = (ev: MessageEvent<ToBlockWorker>) => {
  const m = ev.data;
  if (m.type === 'task') void run(m.task);
  else if (m.type === 'spare') {
    if (spares.length < MAX_SPARES && m.buffer.byteLength >= BLOCK_PIECE) spares.push(m.buffer);
    away.returned();
  } else {
    if (m.module) provideWasmModule(LIBLZMA_URL, m.module);
    // Instantiate liblzma and touch its 8 MiB dictionary while idle (warm-lzma.ts, as the decode
    // worker does), so the first block neither waits for the instance nor faults in its dictionary.
    // A task that comes meanwhile waits for the warm-up rather than start a second, cold instance.
    // Then the spares for the first pieces, their pages touched (pieces-away.ts).
    void warmLiblzma()
      .catch(() => 0)
      .then(() => {
        spares.push(...touchedBuffers(MAX_SPARES - spares.length, BLOCK_PIECE));
        gotModule();
      });
  }
};
