/**
 * Errors are data. Every problem the core finds becomes a KhiError with a stable code,
 * a message a person understands, and (where known) the byte offset and the layer path.
 * The core never throws across its public boundary for bad input; it returns these.
 */
type ErrorCode =
  | 'truncated' // input ended before the format said it would
  | 'corrupt' // a checksum or structural rule failed
  | 'unsupported' // a valid but unsupported feature (filter, check, method)
  | 'too-large' // one stream's output cap reached
  | 'budget-output' // the output budget of the whole open is spent (decompression-bomb guard)
  | 'budget-time' // the time budget of the whole open ran out
  | 'not-found' // nothing recognisable
  | 'cancelled'
  | 'io' // the source could not be read
  | 'usage'
  | 'internal';

export interface KhiError {
  code: ErrorCode;
  message: string;
  /** Byte offset of the problem, relative to the layer named by `layer` (or the file). */
  offset?: number;
  /** Human path of the layer, e.g. "bzImage › xz › ELF". */
  layer?: string;
  /** Warnings keep results whole; errors mean something could not be read completely. */
  severity: 'error' | 'warning';
}

export function khiError(
  code: ErrorCode,
  message: string,
  offset?: number,
  severity: 'error' | 'warning' = 'error',
): KhiError {
  const e: KhiError = { code, message, severity };
  if (offset !== undefined) e.offset = offset;
  return e;
}

/** Turn anything thrown into a KhiError. */
export function toKhiError(e: unknown, fallbackOffset?: number): KhiError {
  if (isAbort(e)) return khiError('cancelled', 'Cancelled.');
  const msg = e instanceof Error ? e.message : String(e);
  return khiError('internal', msg, fallbackOffset);
}

export function isAbort(e: unknown): boolean {
  return (
    (e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException)) &&
    (e as Error).name === 'AbortError'
  );
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const e = new Error('Cancelled.');
    e.name = 'AbortError';
    throw e;
  }
}
