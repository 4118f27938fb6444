/** Test helpers: the search fixture archive (scripts/fixtures/search.mjs) opened by the real core. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect, type Inspection } from '../../src/core/inspect';
import { bytesSource } from '../../src/core/source';
import { buildCorpus, type Corpus } from '../../src/core/search/corpus';

export const searchFixture = join(__dirname, '..', 'fixtures', 'search', 'kheaders-search.tar.xz');

let cached: Promise<{ ins: Inspection; corpus: Corpus }> | null = null;

export function loadSearchFixture(): Promise<{ ins: Inspection; corpus: Corpus }> {
  cached ??= inspect(bytesSource(readFileSync(searchFixture), 'kheaders-search.tar.xz')).then((ins) => ({
    ins,
    corpus: buildCorpus(ins.result.entries, ins.tar!),
  }));
  return cached;
}

/** 1-based line of the first line of `path` in the corpus containing `needle`. */
export function lineOf(corpus: Corpus, path: string, needle: string): number {
  const f = corpus.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  const lines = corpus.text.slice(f.start, f.end).split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${path}`);
  return i + 1;
}
