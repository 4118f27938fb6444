/**
 * Search modes over the header archive of each FILE:
 *   --grep PATTERN [--fixed] [--ignore-case] [--word] [--path GLOBS]
 *       `path:line:text` for every matching line, exactly as `grep -rn` prints it over the extracted
 *       archive (paths relative to the archive root, the line's own bytes; a line holding a control or
 *       bidi character or bytes that are not UTF-8 prints them as escape tokens: core/display-line.ts).
 *       Order: files by path (byte order), lines ascending; `grep -rn` follows directory order, which the file system decides.
 *       PATTERN is a JavaScript regular expression (close to `grep -E`); --fixed makes it text (`grep -F`).
 *       Files with a NUL byte are binary: "PATH: binary file matches" goes to stderr, as grep does.
 *   --def NAME
 *       `path:line:kind` for every definition of NAME (struct, union, enum, typedef, macro, function,
 *       prototype, enum-constant), ordered by path and line.
 * Exit codes as grep: 0 something found, 1 nothing found, 2 a bad pattern or no header archive.
 */
import { displayLineBytes } from '../../core/display-line';
import { displayText } from '../../core/names';
import { buildCorpus, comparePaths, type Corpus } from '../../core/search/corpus';
import { pathFilter } from '../../core/search/glob';
import { grepCorpus, type LineHit } from '../../core/search/grep';
import { type Compiled, compileQuery, type SearchQuery } from '../../core/search/query';
import { EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, type Mode, type ModeContext, type OpenedFile } from './mode';

async function corpusOf(file: OpenedFile, ctx: ModeContext): Promise<Corpus | null> {
  const ins = await file.inspection();
  if (!ins.tar || ins.result.entries.length === 0) {
    ctx.warn(`${file.path}: no header archive found`);
    return null;
  }
  return buildCorpus(ins.result.entries, ins.tar);
}

const isBinary = (c: Corpus, start: number, end: number): boolean => {
  const z = c.text.indexOf('\0', start);
  return z >= 0 && z < end;
};

export const grepMode: Mode = {
  flag: '--grep',
  arg: 'PATTERN',
  help: 'every line matching PATTERN as "path:line:text", like grep -rn over the extracted archive',
  options: [
    { flag: '--fixed', help: 'PATTERN is literal text (grep -F); otherwise a JavaScript regex (≈ grep -E)' },
    { flag: '--ignore-case', help: 'ignore case (grep -i)' },
    { flag: '--word', help: 'whole words only (grep -w)' },
    {
      flag: '--path',
      arg: 'GLOBS',
      help: "only files matching GLOBS, e.g. 'include/linux/**,arch/*/include/asm/*.h'",
    },
  ],
  async run(file, ctx) {
    const q = grepQuery(ctx);
    const c = compileQuery(q);
    if (!c.ok) {
      ctx.warn(c.error.message);
      return EXIT_USAGE;
    }
    const corpus = await corpusOf(file, ctx);
    if (!corpus) return EXIT_USAGE;
    const hits = hitsByFile(corpus, c, q.paths);
    const printed = await printHits(corpus, hits, ctx);
    return printed > 0 || hits.size > 0 ? EXIT_OK : EXIT_NOT_FOUND;
  },
};

/** The query --grep PATTERN and its options ask for. */
function grepQuery(ctx: ModeContext): SearchQuery {
  const o = ctx.options;
  const paths = o.get('--path');
  return {
    pattern: ctx.arg ?? '',
    mode: o.has('--fixed') ? 'literal' : 'regex',
    ignoreCase: o.has('--ignore-case'),
    word: o.has('--word'),
    paths: typeof paths === 'string' ? paths : '',
  };
}

/** Matching lines grouped by file, the files in path order (byte order, as the list is sorted). */
function hitsByFile(
  corpus: Corpus,
  c: Extract<Compiled, { ok: true }>,
  paths: string,
): Map<number, LineHit[]> {
  const byFile = new Map<number, LineHit[]>();
  grepCorpus(corpus, c.scan, c.line, {
    filter: pathFilter(paths),
    onLine: (hit) => {
      const list = byFile.get(hit.file);
      if (list) list.push(hit);
      else byFile.set(hit.file, [hit]);
    },
  });
  const order = [...byFile.keys()].sort((a, b) => comparePaths(corpus.files[a]!.path, corpus.files[b]!.path));
  return new Map(order.map((f) => [f, byFile.get(f)!]));
}

/** "path:line:text" for every hit (binary files named on stderr instead), in 1 MiB writes; the lines printed. */
async function printHits(corpus: Corpus, hits: Map<number, LineHit[]>, ctx: ModeContext): Promise<number> {
  const enc = new TextEncoder();
  const batch = new OutputBatch(ctx);
  let printed = 0;
  for (const [fi, lines] of hits) {
    const f = corpus.files[fi]!;
    if (isBinary(corpus, f.start, f.end)) {
      ctx.warn(`${f.path}: binary file matches`);
      continue;
    }
    for (const hit of lines) {
      batch.add(enc.encode(`${displayText(f.path)}:${hit.line}:`));
      batch.add(displayLineBytes(corpus.tar.subarray(hit.start, hit.end)));
      batch.add(NEWLINE);
      printed++;
    }
    if (batch.size > 1 << 20) await batch.flush();
  }
  await batch.flush();
  return printed;
}

/** Byte pieces joined into one buffer per write. */
class OutputBatch {
  private parts: Uint8Array[] = [];
  size = 0;
  constructor(private readonly ctx: ModeContext) {}
  add(b: Uint8Array): void {
    this.parts.push(b);
    this.size += b.length;
  }
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const buf = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      buf.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.size = 0;
    await this.ctx.out(buf);
  }
}

const NEWLINE = new Uint8Array([10]);

export const defMode: Mode = {
  flag: '--def',
  arg: 'NAME',
  help: 'every definition of NAME as "path:line:kind" (struct, union, enum, typedef, macro, function, …)',
  async run(file, ctx) {
    const corpus = await corpusOf(file, ctx);
    if (!corpus) return EXIT_USAGE;
    // Loaded on use (its own chunk): --help and the other modes never parse the C symbol indexer.
    const { SymbolIndex } = await import('../../core/symbols/index');
    const index = new SymbolIndex(corpus);
    index.step();
    const defs = index.lookup(ctx.arg ?? '');
    await ctx.out(defs.map((d) => `${displayText(d.path)}:${d.line}:${d.kind}\n`).join(''));
    return defs.length > 0 ? EXIT_OK : EXIT_NOT_FOUND;
  },
};
