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
  /** Asked at each report: true ends the run there (status 'cut', `stopped` set). */
  stop?: () => Promise<boolean>;
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
  /** opts.stop ended the run before the stream's end (status is then 'cut'). */
  stopped?: true;
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

/**
 * StepResult.ret when the module trapped (an out-of-bounds access, `unreachable`, a stack overflow:
 * a bug in the C code that the input reached). The status is then 'error' and the result keeps what
 * was decoded before the trap; the instance is not used again (pool.ts).
 */
export const RET_TRAP = -0x40000000;

/** What a codec's error says about RET_TRAP. */
export const TRAP_TEXT = 'the decoder stopped on a WebAssembly trap';

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
  const inPtr = d.malloc(inWin);
  const outPtr = d.malloc(outWin);
  let r: StepResult | null = null;
  try {
    if (inPtr === 0 || outPtr === 0) return { consumed: 0, produced: 0, ret: 5, status: 'error' };
    const feed = new InputWindow(d, input, inPtr, inWin);
    return (r = await stepLoop(d, feed, out, { at: outPtr, size: outWin }, opts));
  } finally {
    // A trapped module's heap may be broken: its windows are not freed (the instance is dropped).
    if (r?.ret !== RET_TRAP) {
      d.free(inPtr);
      d.free(outPtr);
    }
  }
}

/** Step until the stream ends, fails or is cut, or the pacer stops the run. */
async function stepLoop(
  d: StepDriver,
  feed: InputWindow,
  out: OutputSink,
  outWin: { at: number; size: number },
  opts: StepOptions,
): Promise<StepResult> {
  const r: StepResult = { consumed: 0, produced: 0, ret: 0, status: 'cut' };
  const pace = pacer(opts);
  for (;;) {
    let stop: StepResult['status'] | null;
    try {
      stop = step(d, feed, out, outWin, r);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      r.ret = RET_TRAP;
      stop = 'error';
    }
    if (stop) {
      r.status = stop;
      return r;
    }
    if (await pace(r)) {
      r.stopped = true;
      return r;
    }
  }
}

/** One call of the decoder: feed input, hand its output to the sink; a status when the run ends. */
function step(
  d: StepDriver,
  feed: InputWindow,
  out: OutputSink,
  outWin: { at: number; size: number },
  r: StepResult,
): StepResult['status'] | null {
  feed.refill();
  const outLen = Math.min(outWin.size, out.room());
  const s = d.code(feed.ptr(), feed.avail, outWin.at, outLen);
  const used = feed.avail - s.availIn;
  feed.avail = s.availIn;
  r.consumed += used;
  const got = outLen - s.availOut;
  if (got > 0) {
    out.put(new Uint8Array(d.memory.buffer, outWin.at, got));
    r.produced += got;
  }
  r.ret = s.ret;
  return stopStatus(d, s.ret, used + got, feed, out);
}

/** The input window inside the module: refilled from `input` whenever the decoder used it all. */
class InputWindow {
  /** Input bytes copied into the module so far. */
  fed = 0;
  private len = 0;
  /** Bytes of the window the decoder has not used yet. */
  avail = 0;
  constructor(
    private readonly d: StepDriver,
    private readonly input: Uint8Array,
    private readonly at: number,
    private readonly size: number,
  ) {}
  refill(): void {
    if (this.avail > 0 || this.fed >= this.input.length) return;
    this.len = Math.min(this.size, this.input.length - this.fed);
    const win = new Uint8Array(this.d.memory.buffer, this.at, this.len);
    win.set(this.input.subarray(this.fed, this.fed + this.len));
    this.fed += this.len;
    this.avail = this.len;
  }
  ptr(): number {
    return this.at + this.len - this.avail;
  }
  get spent(): boolean {
    return this.avail === 0 && this.fed >= this.input.length;
  }
}

/** Why the run stops after a call that returned `ret` and moved `moved` bytes; null: go on. */
function stopStatus(
  d: StepDriver,
  ret: number,
  moved: number,
  feed: InputWindow,
  out: OutputSink,
): StepResult['status'] | null {
  if (d.isEnd(ret)) return 'end';
  if (!d.isOk(ret)) return 'error';
  if (moved > 0) return null;
  // No progress: input ran out (cut), the sink is full, or the decoder is stuck.
  if (feed.spent) return 'cut';
  return out.room() === 0 ? 'full' : 'error';
}

/**
 * Every `reportEvery` output bytes: report progress, check the signal, now and then yield, and ask
 * opts.stop (true: the caller has enough, end the run).
 */
function pacer(opts: StepOptions): (r: StepResult) => Promise<boolean> {
  const reportEvery = Math.max(1, opts.reportEvery ?? 2 << 20);
  const yieldMs = opts.yieldMs ?? YIELD_MS;
  const yieldNow = opts.yieldNow ?? macrotask;
  let nextReport = reportEvery;
  let lastYield = Date.now();
  return async (r) => {
    if (r.produced < nextReport) return false;
    nextReport = r.produced + reportEvery;
    opts.onProgress?.(r.consumed, r.produced);
    throwIfAborted(opts.signal);
    if (Date.now() - lastYield >= yieldMs) {
      await yieldNow();
      lastYield = Date.now();
      throwIfAborted(opts.signal);
    }
    return opts.stop ? opts.stop() : false;
  };
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
