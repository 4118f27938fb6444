/**
 * A search hit as the UI shows it: the line as text (UTF-8 decoded) with its match ranges moved
 * from corpus units (bytes) to string indices, cut to a window around the first match when the
 * line is long (minified tables, generated headers).
 */
import type { Corpus } from './corpus';
import type { LineHit } from './grep';

export interface PreviewLine {
  line: number;
  /** The (possibly cut) line text. */
  text: string;
  /** Match ranges in `text` (UTF-16 indices), ascending. */
  ranges: [number, number][];
  /** Where `text` starts in the whole decoded line (UTF-16 index; 0 unless cut). */
  at: number;
  /** True when text was cut at its start (an ellipsis belongs before it). */
  cutStart: boolean;
  cutEnd: boolean;
}

/** Longest preview, in bytes; longer lines are cut around the first match. */
const PREVIEW_MAX = 240;

const utf8 = new TextDecoder('utf-8');

function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

/** Cut points in bytes: [from, to) of the line, keeping the first match visible. */
function window(len: number, ranges: readonly [number, number][], max: number): [number, number] {
  if (len <= max) return [0, len];
  const first = ranges[0] ?? [0, 0];
  let from = Math.max(0, first[0] - Math.floor(max / 3));
  const to = Math.min(len, from + max);
  from = Math.max(0, to - max);
  return [from, to];
}

export function previewOf(corpus: Corpus, hit: LineHit, max = PREVIEW_MAX): PreviewLine {
  const len = hit.end - hit.start;
  const [from, to] = window(len, hit.ranges, max);
  const s = hit.start + from;
  const e = hit.start + to;
  const inside = hit.ranges
    .map(([a, b]): [number, number] => [Math.max(a, from) - from, Math.min(b, to) - from])
    .filter(([a, b]) => b > a);
  const base = { line: hit.line, cutStart: from > 0, cutEnd: to < len };
  if (isAscii(corpus.text, hit.start, e))
    return { ...base, text: corpus.text.slice(s, e), ranges: inside, at: from };
  const at = from === 0 ? 0 : utf8.decode(corpus.tar.subarray(hit.start, s)).length;
  // Non-ASCII: decode the pieces between range edges so each edge lands on a string index.
  const edges = [...new Set([0, ...inside.flat(), e - s])].sort((a, b) => a - b);
  const index = new Map<number, number>();
  let text = '';
  for (let i = 0; i < edges.length; i++) {
    index.set(edges[i]!, text.length);
    if (i + 1 < edges.length) text += utf8.decode(corpus.tar.subarray(s + edges[i]!, s + edges[i + 1]!));
  }
  return { ...base, text, ranges: inside.map(([a, b]) => [index.get(a)!, index.get(b)!]), at };
}
