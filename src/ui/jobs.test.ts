import { describe, expect, it } from 'vitest';
import { cancelJob, jobSignal, startJob } from './jobs';

describe('UI jobs', () => {
  it('a new job of a kind aborts the one before it, not other kinds', () => {
    const a = startJob('open');
    const d = startJob('download');
    const b = startJob('open');
    expect(a.aborted).toBe(true);
    expect(b.aborted).toBe(false);
    expect(d.aborted).toBe(false);
    expect(jobSignal('open')).toBe(b);
    cancelJob('download');
    expect(d.aborted).toBe(true);
    expect(jobSignal('download').aborted).toBe(true);
  });

  it('a job stays current after it finished, until the next one of its kind starts', async () => {
    const a = startJob('open');
    await Promise.resolve();
    expect(a.aborted).toBe(false);
    expect(jobSignal('open')).toBe(a);
    startJob('open');
    expect(a.aborted).toBe(true);
  });
});
