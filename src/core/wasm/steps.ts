/**
 * The one step loop every WebAssembly decoder runs: feed input into the module in pieces, let the
 * C code decode into a small output window, copy that window straight into the caller's buffer
 * while it is still in cache, and every 1–4 MiB report progress, check the AbortSignal and now and
 * then yield to the event loop (so a cancel message can arrive).
 */
import { isAbort, throwIfAborted } from '../errors';

/** Where decoded bytes go. */
export interface OutputSink {
  /** Bytes that may still be written (0: full). */
  room(): number;
  /** Append bytes (never more than room()). */
  put(bytes: Uint8Array): void;
}

export interface StepOptions {
  signal?: AbortSignal;
  /** Called every `reportEvery` output bytes with input consumed and output produced so far. */
  onProgress?: (inDone: number, outDone: number) => void;
  /** Output bytes between progress reports and abort checks (default 2 MiB). */
  reportEvery?: number;
  /** Least time between yields to the event loop (default 100 ms), and how to yield (a 0 ms timer). */
  yieldMs?: number;
  yieldNow?: () => Promise<void>;
  /** Size of the input and output windows inside the module (defaults 1 MiB and 256 KiB). */
  inWindow?: number;
  outWindow?: number;
}

export interface StepResult {
  consumed: number;
  produced: number;
  /** The decoder's last return code. */
  ret: number;
  /** 'end': the stream ended; 'cut': input ran out first; 'full': the sink is full; 'error': see ret. */
  status: 'end' | 'cut' | 'full' | 'error';
}

export interface StepDriver {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  code(
    inp: number,
    inLen: number,
    out: number,
    outLen: number,
  ): { ret: number; availIn: number; availOut: number };
  isEnd(ret: number): boolean;
  isOk(ret: number): boolean;
}

const YIELD_MS = 100;
const macrotask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export async function runSteps(
  d: StepDriver,
  input: Uint8Array,
  out: OutputSink,
  opts: StepOptions,
): Promise<StepResult> {
  const inWin = Math.max(1, Math.min(opts.inWindow ?? 1 << 20, Math.max(input.length, 1)));
  const outWin = Math.max(1, opts.outWindow ?? 1 << 18);
  const reportEvery = Math.max(1, opts.reportEvery ?? 2 << 20);
  const yieldMs = opts.yieldMs ?? YIELD_MS;
  const yieldNow = opts.yieldNow ?? macrotask;
  const inPtr = d.malloc(inWin);
  const outPtr = d.malloc(outWin);
  const r: StepResult = { consumed: 0, produced: 0, ret: 0, status: 'cut' };
  if (inPtr === 0 || outPtr === 0) {
    d.free(inPtr);
    d.free(outPtr);
    r.ret = 5;
    r.status = 'error';
    return r;
  }
  try {
    let fed = 0; // input bytes copied into the module
    let winLen = 0;
    let availIn = 0;
    let nextReport = reportEvery;
    let lastYield = Date.now();
    for (;;) {
      if (availIn === 0 && fed < input.length) {
        winLen = Math.min(inWin, input.length - fed);
        new Uint8Array(d.memory.buffer, inPtr, winLen).set(input.subarray(fed, fed + winLen));
        fed += winLen;
        availIn = winLen;
      }
      const outLen = Math.min(outWin, out.room());
      const s = d.code(inPtr + winLen - availIn, availIn, outPtr, outLen);
      const used = availIn - s.availIn;
      availIn = s.availIn;
      r.consumed += used;
      const got = outLen - s.availOut;
      if (got > 0) {
        out.put(new Uint8Array(d.memory.buffer, outPtr, got));
        r.produced += got;
      }
      r.ret = s.ret;
      if (d.isEnd(s.ret)) {
        r.status = 'end';
        break;
      }
      if (!d.isOk(s.ret)) {
        r.status = 'error';
        break;
      }
      if (used === 0 && got === 0) {
        if (availIn === 0 && fed >= input.length) r.status = 'cut';
        else if (out.room() === 0) r.status = 'full';
        else r.status = 'error';
        break;
      }
      if (r.produced >= nextReport) {
        nextReport = r.produced + reportEvery;
        opts.onProgress?.(r.consumed, r.produced);
        throwIfAborted(opts.signal);
        if (Date.now() - lastYield >= yieldMs) {
          await yieldNow();
          lastYield = Date.now();
          throwIfAborted(opts.signal);
        }
      }
    }
  } finally {
    d.free(inPtr);
    d.free(outPtr);
  }
  return r;
}

/** A sink over a fixed buffer (the size is known in advance). */
export class FixedSink implements OutputSink {
  written = 0;
  constructor(readonly buf: Uint8Array) {}
  room(): number {
    return this.buf.length - this.written;
  }
  put(bytes: Uint8Array): void {
    this.buf.set(bytes, this.written);
    this.written += bytes.length;
  }
}

/** Await a step run; an abort becomes null (the sink keeps what was decoded before it). */
export async function unlessAborted(run: Promise<StepResult>): Promise<StepResult | null> {
  try {
    return await run;
  } catch (e) {
    if (isAbort(e)) return null;
    throw e;
  }
}
