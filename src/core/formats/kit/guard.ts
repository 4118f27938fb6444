/**
 * The one guard every registered format runs behind. The registry (`../index.ts`) wraps each codec
 * and container with it; `GuardedCodec`/`GuardedContainer` can only come from here, so a format
 * cannot opt out and a format's own code needs no try/catch, cap check or abort plumbing of its own
 * beyond stopping early.
 *
 * What a guarded codec promises, whatever the codec underneath does:
 * - it never throws: an exception becomes an 'internal' error, an AbortError a 'cancelled' one;
 * - `output.length` never passes `maxOutput` nor what the open's budget has left ('too-large',
 *   'budget-output' when the budget was the smaller limit);
 * - an aborted signal (user cancel or the budget's deadline) gives 'cancelled' ('budget-time' when
 *   the deadline fired), with what was decoded before it;
 * - `consumed` is null or a whole number within the input;
 * - the output is charged to the budget.
 */
import type { Budget } from '../../budget';
import { isAbort, khiError, type KhiError } from '../../errors';
import type {
  Codec,
  CodecId,
  Container,
  ContainerHit,
  ContainerOpened,
  DecodeResult,
  GuardedCodec,
  GuardedContainer,
  RunOptions,
} from '../contract';
import { cancelled, tooLarge } from './codec-kit';

const empty = (error: KhiError): DecodeResult => ({
  output: new Uint8Array(0),
  consumed: null,
  error,
  fields: {},
  notes: [],
});

/** A cap the codec can trust: a whole number ≥ 0 (NaN and negatives mean nothing may be written). */
const wholeCap = (n: number): number => (n > 0 ? Math.floor(n) : 0);

export function guardCodec(c: Codec<CodecId>): GuardedCodec {
  const guarded = {
    id: c.id,
    name: c.name,
    magic: c.magic,
    probe(input: Uint8Array): Record<string, string | number> | null {
      try {
        return c.probe(input);
      } catch {
        return null;
      }
    },
    async decode(input: Uint8Array, opts: RunOptions): Promise<DecodeResult> {
      const { budget } = opts;
      const cap = wholeCap(opts.maxOutput);
      const left = budget ? budget.outputLeft : Infinity;
      const limit = Math.min(cap, left);
      const signal = budget?.signal ?? opts.signal;
      let res: DecodeResult;
      if (signal?.aborted) res = empty(cancelled(0));
      else {
        try {
          res = await c.decode(input, {
            maxOutput: limit,
            signal,
            onProgress: opts.onProgress,
            enough: opts.enough,
            onPrefix: opts.onPrefix,
          });
        } catch (e) {
          res = empty(
            isAbort(e)
              ? cancelled(0)
              : khiError(
                  'internal',
                  `The ${c.name} decoder failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
                  0,
                ),
          );
        }
      }
      res = keepPromises(res, input.length, limit, c.name);
      return budget ? charge(res, budget, cap, left) : res;
    },
  };
  return guarded as GuardedCodec;
}

/** Enforce what a codec may return: the cap and a plausible `consumed`. */
function keepPromises(res: DecodeResult, inputLength: number, limit: number, name: string): DecodeResult {
  let out = res;
  if (res.output.length > limit) {
    out = { ...res, output: res.output.subarray(0, limit), consumed: null };
    out.error = tooLarge(name, limit, res.error?.offset ?? 0);
  }
  const n = out.consumed;
  if (n !== null && !(Number.isInteger(n) && n >= 0 && n <= inputLength)) out = { ...out, consumed: null };
  return out;
}

/** Charge the output to the open's budget; name the budget when it, not the stream, stopped the decode. */
function charge(res: DecodeResult, budget: Budget, cap: number, left: number): DecodeResult {
  budget.charge(res.output.length);
  const code = res.error?.code;
  if (code === 'cancelled' && budget.timedOut())
    return { ...res, error: budget.error('budget-time', res.error!.offset) };
  if (code === 'too-large' && left < cap) {
    budget.exhaust('budget-output'); // the codec stopped at the last byte the budget allowed
    return { ...res, error: budget.error('budget-output', res.error!.offset) };
  }
  return res;
}

/** Wrap a container so a bug or an unforeseen input shape becomes a null hit or an error, never a throw. */
export function guardContainer(c: Container): GuardedContainer {
  const guarded = {
    id: c.id,
    name: c.name,
    probe(buf: Uint8Array): ContainerHit | null {
      try {
        return c.probe(buf);
      } catch {
        return null;
      }
    },
    open(buf: Uint8Array, hit: ContainerHit): ContainerOpened {
      try {
        return c.open(buf, hit);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        return {
          regions: [],
          errors: [khiError('internal', `The ${c.name} parser failed unexpectedly: ${msg}`, 0)],
          scanRest: true,
        };
      }
    },
  };
  return guarded as GuardedContainer;
}
