import { describe, expect, it } from 'vitest';
import { bytesToText, corpusFiles, type Corpus } from './corpus';
import { grepCorpus, type LineHit } from './grep';
import { compileQuery, defaultQuery, dotToLineDot, type SearchQuery } from './query';
import { pathFilter } from './glob';
import type { TarEntry } from '../types';

/** A corpus of files laid out like a tar: data separated by NUL padding and a fake header. */
function corpusOf(files: Record<string, string>): Corpus {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const entries: TarEntry[] = [];
  let at = 0;
  for (const [path, text] of Object.entries(files)) {
    const header = enc.encode(`HDR ${path}\n task_struct\0\0\0`);
    chunks.push(header);
    at += header.length;
    const data = enc.encode(text);
    entries.push({
      path,
      type: 'file',
      size: data.length,
      mode: 0o644,
      mtime: 0,
      uid: 0,
      gid: 0,
      dataOffset: at,
      headerOffset: 0,
    });
    chunks.push(data);
    at += data.length;
  }
  const tar = new Uint8Array(at);
  let o = 0;
  for (const c of chunks) {
    tar.set(c, o);
    o += c.length;
  }
  return { tar, text: bytesToText(tar), files: corpusFiles(entries) };
}

function run(corpus: Corpus, q: Partial<SearchQuery> & { pattern: string }) {
  const query = { ...defaultQuery(q.pattern), ...q };
  const c = compileQuery(query);
  if (!c.ok) throw new Error(c.error.message);
  const hits: (LineHit & { path: string; text: string })[] = [];
  const totals = grepCorpus(corpus, c.scan, c.line, {
    filter: pathFilter(query.paths),
    onLine: (h) => {
      hits.push({ ...h, path: corpus.files[h.file]!.path, text: corpus.text.slice(h.start, h.end) });
    },
  });
  return { hits, totals };
}

describe('grepCorpus', () => {
  const corpus = corpusOf({
    'a.h': 'first line\nstruct task_struct {\n\tint pid; int pid2;\n};\nlast line without newline',
    'b.h': 'pid\n\n\npid_t x; /* pid */\n',
    'empty.h': '',
  });

  it('finds lines with 1-based numbers and every match range on them', () => {
    const { hits, totals } = run(corpus, { pattern: 'pid' });
    expect(hits.map((h) => `${h.path}:${h.line}:${h.text}`)).toEqual([
      'a.h:3:\tint pid; int pid2;',
      'b.h:1:pid',
      'b.h:4:pid_t x; /* pid */',
    ]);
    expect(hits[0]!.ranges).toEqual([
      [5, 8],
      [14, 17],
    ]);
    expect(totals).toEqual({ lines: 3, matches: 5, files: 2, stopped: false });
  });

  it('never matches tar headers or across file boundaries', () => {
    const { hits } = run(corpus, { pattern: 'task_struct' });
    expect(hits.map((h) => h.path + ':' + h.line)).toEqual(['a.h:2']);
    expect(run(corpus, { pattern: 'newline.*HDR', mode: 'regex' }).hits).toEqual([]);
  });

  it('anchors at each file and line edge; the last line needs no newline', () => {
    expect(run(corpus, { pattern: '^pid', mode: 'regex' }).hits.map((h) => h.line)).toEqual([1, 4]);
    expect(run(corpus, { pattern: 'newline$', mode: 'regex' }).hits.map((h) => h.path + h.line)).toEqual([
      'a.h5',
    ]);
    expect(run(corpus, { pattern: '^$', mode: 'regex' }).hits.map((h) => h.path + h.line)).toEqual([
      'b.h2',
      'b.h3',
    ]);
  });

  it('whole word and ignore case behave like grep -w and -i', () => {
    expect(run(corpus, { pattern: 'pid', word: true }).hits.map((h) => h.path + h.line)).toEqual([
      'a.h3',
      'b.h1',
      'b.h4',
    ]);
    expect(run(corpus, { pattern: 'pid', word: true }).hits[2]!.ranges).toEqual([[12, 15]]);
    expect(run(corpus, { pattern: 'STRUCT TASK', ignoreCase: true }).hits.map((h) => h.line)).toEqual([2]);
  });

  it('a match never spans a newline, even when the regex could', () => {
    const { hits } = run(corpus, { pattern: 'line\\s+struct', mode: 'regex' });
    expect(hits).toEqual([]);
    expect(run(corpus, { pattern: 'first.*', mode: 'regex' }).hits[0]!.ranges).toEqual([[0, 10]]);
  });

  it('literal text is not a regex; bad regexes are typed errors', () => {
    expect(run(corpus, { pattern: 'pid; int' }).hits).toHaveLength(1);
    expect(run(corpus, { pattern: '.*' }).hits).toHaveLength(0);
    const bad = compileQuery({ ...defaultQuery('(unclosed'), mode: 'regex' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('usage');
  });

  it('path filter and stop', () => {
    expect(run(corpus, { pattern: 'pid', paths: 'b.h' }).hits.map((h) => h.path)).toEqual(['b.h', 'b.h']);
    const c = compileQuery(defaultQuery('pid'));
    if (!c.ok) throw new Error();
    let n = 0;
    const t = grepCorpus(corpus, c.scan, c.line, { onLine: () => ++n < 2 });
    expect(t.stopped).toBe(true);
    expect(n).toBe(2);
  });

  it('UTF-8 text is searched byte-wise', () => {
    const u = corpusOf({ 'u.h': '/* Müller */\nplain\n' });
    const { hits } = run(u, { pattern: 'Müller' });
    expect(hits.map((h) => h.line)).toEqual([1]);
    expect(hits[0]!.ranges).toEqual([[3, 10]]);
  });
});

describe('dotToLineDot', () => {
  it('rewrites . outside classes and escapes only', () => {
    expect(dotToLineDot('a.b')).toBe('a[^\\n]b');
    expect(dotToLineDot('a\\.b[.]')).toBe('a\\.b[.]');
    expect(dotToLineDot('[a\\]].')).toBe('[a\\]][^\\n]');
  });
});
