/**
 * grep over a Corpus with `grep -n` line semantics: a line matches when the pattern matches within
 * that line alone (the newline is never part of a match). One global RegExp scans each file's text
 * (a slice of the one tar string; files outside the path filter are skipped); each hit's line is checked
 * on its own (which also yields every match range on it for highlighting) and the scan resumes at
 * the next line. A line that matches on its own always has a corpus-wide match starting at or
 * before it, so no line is missed.
 */
import type { Corpus, CorpusFile } from './corpus';

export interface LineHit {
  /** Index into corpus.files. */
  file: number;
  /** 1-based line number. */
  line: number;
  /** Byte range of the line in the tar (without its newline). */
  start: number;
  end: number;
  /** Match ranges within the line, in corpus units (bytes), relative to `start`. Empty matches are left out. */
  ranges: [number, number][];
}

interface GrepOptions {
  /** Only files whose path passes. */
  filter?: ((path: string) => boolean) | null;
  /** Called for every matching line, in tar order. Return false to stop. */
  onLine: (hit: LineHit) => boolean | void;
  /** Called after each file that had hits, and every ~`checkEvery` files scanned (for streaming and abort checks). */
  onProgress?: (filesDone: number) => boolean | void;
}

/** Counts of a finished scan. `matches` counts non-overlapping match ranges (at least one per line). */
interface GrepTotals {
  lines: number;
  matches: number;
  files: number;
  /** True when a callback asked to stop. */
  stopped: boolean;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function lineRanges(lineRe: RegExp, line: string): [number, number][] {
  const out: [number, number][] = [];
  lineRe.lastIndex = 0;
  for (let m = lineRe.exec(line); m; m = lineRe.exec(line)) {
    const s = m.index;
    const e = s + m[0].length;
    if (e > s) out.push([s, e]);
    else lineRe.lastIndex = s + 1;
    if (lineRe.lastIndex > line.length) break;
  }
  return out;
}

/** Does the pattern match this line at all (including an empty match)? */
function lineMatches(lineRe: RegExp, line: string): boolean {
  lineRe.lastIndex = 0;
  return lineRe.exec(line) !== null;
}

export function grepCorpus(corpus: Corpus, scan: RegExp, lineRe: RegExp, opts: GrepOptions): GrepTotals {
  const { text, files } = corpus;
  const totals: GrepTotals = { lines: 0, matches: 0, files: 0, stopped: false };
  let done = 0;
  for (let fi = 0; fi < files.length; fi++) {
    const f: CorpusFile = files[fi]!;
    if (opts.filter && !opts.filter(f.path)) continue;
    done++;
    if (opts.onProgress && done % 256 === 0 && opts.onProgress(done) === false) {
      totals.stopped = true;
      return totals;
    }
    if (f.end <= f.start) continue;
    // Each file is scanned as its own string (a cheap slice), so ^, $ and look-behind see file edges.
    const ft = text.slice(f.start, f.end);
    const n = ft.length;
    let pos = 0;
    let lineNo = 1;
    let counted = 0; // newlines before `counted` are in lineNo
    let hadHit = false;
    while (pos < n) {
      scan.lastIndex = pos;
      const m = scan.exec(ft);
      if (!m) break;
      const at = m.index;
      const lineStart = at > 0 ? ft.lastIndexOf('\n', at - 1) + 1 : 0;
      let lineEnd = ft.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = n;
      if (lineStart >= n) break; // an empty match after the final newline is not a line
      const line = ft.slice(lineStart, lineEnd);
      const ranges = lineRanges(lineRe, line);
      if (ranges.length > 0 || lineMatches(lineRe, line)) {
        lineNo += countNewlines(ft, counted, lineStart);
        counted = lineStart;
        hadHit = true;
        totals.lines++;
        totals.matches += Math.max(1, ranges.length);
        const hit = { file: fi, line: lineNo, start: f.start + lineStart, end: f.start + lineEnd, ranges };
        if (opts.onLine(hit) === false) {
          totals.files++;
          totals.stopped = true;
          return totals;
        }
      }
      pos = lineEnd + 1;
    }
    if (hadHit) {
      totals.files++;
      if (opts.onProgress && opts.onProgress(done) === false) {
        totals.stopped = true;
        return totals;
      }
    }
  }
  return totals;
}
