/**
 * The one place that drives xz-decompress (XzReadableStream: xz-embedded compiled to WebAssembly).
 *
 * Its pitfalls (LIBRARIES.md) and how they are contained here:
 * - A global mutex lets one stream decode at a time; a stream that is read partly and then
 *   abandoned hangs every later one. We always read to the end, or cancel() after at least one
 *   read has returned (so its start() holds the mutex), and after a macrotask turn so that no
 *   pull() of the library is still running when its context is destroyed.
 * - Empty input throws a TypeError, trailing garbage loses the last output chunk: we only ever
 *   feed it a complete stream that we synthesized.
 * - Errors are bare numeric codes: mapped to xz_ret names below.
 * - The default import is the only form that works in Node ESM and Vite (webpack UMD/CJS).
 */
import xzpkg from 'xz-decompress';
import { throwIfAborted } from '../../errors';

/** xz-embedded's enum xz_ret (xz.h). */
export const XZ_RET_NAMES: Record<number, string> = {
  2: 'XZ_UNSUPPORTED_CHECK',
  3: 'XZ_MEM_ERROR',
  4: 'XZ_MEMLIMIT_ERROR',
  5: 'XZ_FORMAT_ERROR',
  6: 'XZ_OPTIONS_ERROR',
  7: 'XZ_DATA_ERROR',
  8: 'XZ_BUF_ERROR',
};

export interface WasmRunResult {
  /** xz_ret code when the decoder failed, -1 for a non-numeric failure. */
  errorCode?: number;
  errorMessage?: string;
  /** True when the sink asked to stop before the end. */
  stopped: boolean;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Decode the synthesized stream `pieces`, handing each non-empty output chunk to `sink`
 * (which returns false to stop early). Throws only an AbortError when `signal` fires.
 */
export async function runXzDecompress(
  pieces: Uint8Array[],
  sink: (chunk: Uint8Array) => boolean,
  signal?: AbortSignal,
): Promise<WasmRunResult> {
  throwIfAborted(signal);
  let next = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < pieces.length) controller.enqueue(pieces[next++]!);
      else controller.close();
    },
  });
  const reader = new xzpkg.XzReadableStream(source).getReader();
  const stop = async (): Promise<void> => {
    await macrotask();
    await reader.cancel().catch(() => undefined);
  };
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch (e) {
      // The library has already released its context and mutex when a pull() fails.
      const msg = e instanceof Error ? e.message : String(e);
      const m = /error code (\d+)/.exec(msg);
      return { errorCode: m ? Number(m[1]) : -1, errorMessage: msg, stopped: false };
    }
    if (r.done) return { stopped: false };
    if (r.value.length === 0) continue; // the library enqueues empty chunks
    let keep: boolean;
    try {
      keep = !signal?.aborted && sink(r.value);
    } catch (e) {
      await stop();
      throw e;
    }
    if (!keep) {
      await stop();
      throwIfAborted(signal);
      return { stopped: true };
    }
  }
}
