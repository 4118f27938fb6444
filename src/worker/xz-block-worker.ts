/// <reference lib="webworker" />
/**
 * A block worker: decodes one xz Block at a time for the decode worker's pool (xz-pool.ts) with the
 * same code the decode worker runs (runXzBlockTask), and sends the output back (transferred).
 * It is stopped by terminating it, so it checks no abort signal.
 */
import { runXzBlockTask } from '../core/formats/xz/block-pool';
import { Liblzma } from '../core/wasm/liblzma';
import type { FromBlockWorker, ToBlockWorker } from './xz-block-protocol';

declare const self: DedicatedWorkerGlobalScope;

function post(msg: FromBlockWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

self.onmessage = async (ev: MessageEvent<ToBlockWorker>) => {
  const t = ev.data;
  try {
    const done = await runXzBlockTask({ ...t, bytes: new Uint8Array(t.bytes) }, (inDone, outDone) =>
      post({ type: 'progress', inDone, outDone }),
    );
    const output = done.output.buffer as ArrayBuffer;
    performance.mark('khi:xz-block', { detail: { produced: done.result.produced } });
    post({ type: 'done', result: done.result, output }, [output]);
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
};

// Load and instantiate liblzma while idle, so the first block starts decoding at once.
void Liblzma.acquire().then(
  (lz) => lz.release(),
  () => undefined,
);
