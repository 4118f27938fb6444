/**
 * One budget per open: every byte any codec decodes (kept layers, nested layers, and the trial decodes
 * of scan hits that are later rejected) is charged to one output budget, and the whole open has a
 * deadline. Running out is not a crash: the opener stops decoding, keeps what it has read, and
 * reports a typed error that names the budget ('budget-output' or 'budget-time').
 */
import { khiError, type KhiError } from './errors';
import { formatBytes, formatSize } from './format-size';

interface BudgetLimits {
  /** Output bytes all decodes of one open may produce together. */
  maxOutput: number;
  /** Wall-clock time one open may take, in milliseconds. */
  maxTimeMs: number;
}

/** The default output budget: 64× the input (kernel data compresses 3–10×), at least 256 MiB, at most 2 GiB. */
export function defaultMaxOutput(inputSize: number): number {
  return Math.min(2 * 1024 ** 3, Math.max(256 * 1024 ** 2, inputSize * 64));
}

export const DEFAULT_MAX_TIME_MS = 60_000;

/** Output a trial decode of a scan hit may produce before the hit must prove itself with a full decode. */
export const TRIAL_OUTPUT = 1 << 20;

type BudgetCode = 'budget-output' | 'budget-time';

export class Budget {
  private spent = 0;
  private readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onUserAbort = (): void => this.controller.abort();
  /** Set once a budget ran out; the first one wins. */
  exceeded: BudgetCode | null = null;

  constructor(
    readonly limits: BudgetLimits,
    private readonly user?: AbortSignal,
  ) {
    this.deadline = Date.now() + limits.maxTimeMs;
    // Codecs watch one signal: it fires when the user cancels or when the time budget runs out.
    user?.addEventListener('abort', this.onUserAbort);
    if (user?.aborted) this.controller.abort();
    if (Number.isFinite(limits.maxTimeMs))
      this.timer = setTimeout(() => this.controller.abort(), Math.max(0, limits.maxTimeMs));
  }

  /** The signal codecs get: aborts on user cancel or at the deadline. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Output bytes still allowed. */
  get outputLeft(): number {
    return Math.max(0, this.limits.maxOutput - this.spent);
  }

  get outputSpent(): number {
    return this.spent;
  }

  charge(bytes: number): void {
    this.spent += bytes;
    if (this.spent >= this.limits.maxOutput) this.exceeded ??= 'budget-output';
  }

  /** Mark a budget as run out (a codec stopped at the last byte it allowed). */
  exhaust(code: BudgetCode): void {
    this.exceeded ??= code;
  }

  /** True when no more decoding may start (a budget ran out or the deadline passed). */
  spentOut(): boolean {
    if (!this.exceeded && Date.now() >= this.deadline) this.exceeded = 'budget-time';
    if (!this.exceeded && this.controller.signal.aborted && !this.user?.aborted)
      this.exceeded = 'budget-time';
    return this.exceeded !== null;
  }

  /** A codec stopped with 'cancelled' although the user did not cancel: the deadline did it. */
  timedOut(): boolean {
    return this.controller.signal.aborted && !this.user?.aborted;
  }

  /** The typed error for the budget that ran out. */
  error(code: BudgetCode = this.exceeded ?? 'budget-output', offset?: number): KhiError {
    return code === 'budget-time'
      ? khiError(
          'budget-time',
          `The time budget of ${(this.limits.maxTimeMs / 1000).toLocaleString('en-US')} s for this file ran out; decoding stopped there and what was read so far is kept.`,
          offset,
        )
      : khiError(
          'budget-output',
          `The output budget of ${formatSize(this.limits.maxOutput)} (${formatBytes(this.limits.maxOutput)}) for this file is spent; decoding stopped there and what was read so far is kept.`,
          offset,
        );
  }

  /** Stop the timer and detach from the user's signal. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.user?.removeEventListener('abort', this.onUserAbort);
  }
}
