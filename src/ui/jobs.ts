/**
 * UI jobs: each long-running piece of work (opening an archive, downloading one) runs under its own
 * AbortController. Starting a job of a kind aborts the previous one of that kind, so a late answer
 * from an old job is recognised by its aborted signal instead of by comparing counters. A finished
 * job stays registered: its results are current until the next job of its kind aborts it.
 */
export type JobKind = 'open' | 'download';

const running = new Map<JobKind, AbortController>();

/** Start a job of `kind`, aborting the one before it. */
export function startJob(kind: JobKind): AbortSignal {
  running.get(kind)?.abort();
  const c = new AbortController();
  running.set(kind, c);
  return c.signal;
}

/** Abort the running job of `kind`, if any. */
export function cancelJob(kind: JobKind): void {
  running.get(kind)?.abort();
  running.delete(kind);
}

/** The signal of the running job of `kind` (an already-aborted one when none runs). */
export function jobSignal(kind: JobKind): AbortSignal {
  return running.get(kind)?.signal ?? AbortSignal.abort();
}
