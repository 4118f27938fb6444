import { describe, expect, it } from 'vitest';
import { corpusFiles } from '../core/search/corpus';
import { defaultQuery } from '../core/search/query';
import { lineOf, loadSearchFixture } from '../../test/kit/search';
import type { FromSearch } from './search-protocol';
import { SearchService } from './search-service';

/** A service whose `later` queue the test drains by hand. */
async function service() {
  const { ins, corpus } = await loadSearchFixture();
  const out: FromSearch[] = [];
  const queue: (() => void)[] = [];
  const s = new SearchService({ post: (m) => out.push(m), later: (fn) => queue.push(fn), now: () => 0 });
  s.load(1, ins.tar!, corpusFiles(ins.result.entries));
  const drain = (): void => {
    while (queue.length > 0) queue.shift()!();
  };
  return { s, out, drain, corpus };
}

describe('SearchService', () => {
  it('streams hits grouped by file, then totals', async () => {
    const { s, out, corpus } = await service();
    s.search(7, { ...defaultQuery('task_struct'), word: true }, 1000);
    const hits = out.filter((m) => m.type === 'hits').flatMap((m) => (m.type === 'hits' ? m.groups : []));
    const sched = hits.find((g) => g.path === 'include/linux/sched.h')!;
    const first = sched.lines.find((l) => l.text.startsWith('struct task_struct {'))!;
    expect(first.line).toBe(lineOf(corpus, 'include/linux/sched.h', 'struct task_struct {'));
    expect(first.ranges.map(([a, b]) => first.text.slice(a, b))).toEqual(['task_struct']);
    const done = out.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.totals.files).toBe(new Set(hits.map((g) => g.path)).size);
    expect(done.totals.lines).toBe(hits.reduce((n, g) => n + g.lines.length, 0));
    expect(done.totals.capped).toBe(false);
    expect(done.totals.searched).toBe(corpus.files.length);
  });

  it('keeps counting past the cap', async () => {
    const { s, out } = await service();
    s.search(1, defaultQuery('pid'), 3);
    const sent = out.flatMap((m) => (m.type === 'hits' ? m.groups.flatMap((g) => g.lines) : []));
    const done = out.at(-1)!;
    expect(sent).toHaveLength(3);
    if (done.type !== 'done') throw new Error(done.type);
    expect(done.totals.capped).toBe(true);
    expect(done.totals.lines).toBeGreaterThan(3);
    expect(done.totals.matches).toBeGreaterThanOrEqual(done.totals.lines);
  });

  it('a path filter narrows the files searched; a bad regex is a usage error', async () => {
    const { s, out } = await service();
    s.search(2, { ...defaultQuery('include'), paths: 'arch/*/include/asm/*.h' }, 100);
    const paths = out.flatMap((m) => (m.type === 'hits' ? m.groups.map((g) => g.path) : []));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toMatch(/^arch\/[^/]+\/include\/asm\/[^/]+\.h$/);
    s.search(3, { ...defaultQuery('(x'), mode: 'regex' }, 100);
    const err = out.at(-1)!;
    expect(err.type === 'error' && err.error.code).toBe('usage');
  });

  it('answers look-ups once the index is built, queued until then', async () => {
    const { s, out, drain, corpus } = await service();
    s.lookup(9, 'pid_t');
    expect(out.some((m) => m.type === 'defs')).toBe(false);
    drain();
    const defs = out.find((m) => m.type === 'defs')!;
    if (defs.type !== 'defs') throw new Error();
    expect(defs.defs).toContainEqual({
      path: 'include/linux/types.h',
      line: lineOf(corpus, 'include/linux/types.h', 'pid_t;'),
      kind: 'typedef',
    });
    expect(out.some((m) => m.type === 'index' && m.status.done)).toBe(true);
    s.lookup(10, 'no_such_name');
    expect(out.at(-1)).toMatchObject({ type: 'defs', id: 10, defs: [] });
  });
});

describe('SearchService heartbeat', () => {
  it('posts (possibly empty) progress while a long scan runs, so the UI watchdog sees it alive', async () => {
    const { ins } = await loadSearchFixture();
    const out: FromSearch[] = [];
    let t = 0;
    // Every clock read advances 100 ms: each progress check is past the flush interval.
    const s = new SearchService({ post: (m) => out.push(m), later: () => {}, now: () => (t += 100) });
    // 600 copies of the fixture's files: progress is reported every 256 files.
    const files = corpusFiles(ins.result.entries);
    s.load(1, ins.tar!, Array.from({ length: 600 }, () => files).flat());
    s.search(1, defaultQuery('no such text anywhere'), 10);
    const beats = out.filter((m) => m.type === 'hits');
    expect(beats.length).toBeGreaterThan(10);
    expect(beats.every((m) => m.type === 'hits' && m.groups.length === 0)).toBe(true);
    expect(out.at(-1)).toMatchObject({ type: 'done', totals: { lines: 0 } });
  });
});
