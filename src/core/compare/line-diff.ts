/**
 * Line diff of two files' bytes: lines → equivalence classes → Myers (myers.ts) → an edit script
 * and unified-diff hunks, the way GNU `diff -u` groups them. Lines compare as bytes; a last line
 * without a newline differs from the same text with one (diff prints "\ No newline at end of file").
 */
import { diffClasses } from './myers';

/** One change: `deleted` lines of A from `a` (0-based) replaced by `inserted` lines of B from `b`. */
interface Change {
  a: number;
  b: number;
  deleted: number;
  inserted: number;
}

/** A file split into lines: start offsets, plus the end of the bytes. */
export interface Lines {
  bytes: Uint8Array;
  /** starts[i] is where line i begins; starts[count] === bytes.length. */
  starts: Int32Array;
  count: number;
  /** The last line has no trailing newline. */
  incompleteLast: boolean;
}

export function splitLines(bytes: Uint8Array): Lines {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  const incompleteLast = bytes.length > 0 && bytes[bytes.length - 1] !== 10;
  const count = n + (incompleteLast ? 1 : 0);
  const starts = new Int32Array(count + 1);
  let k = 1;
  for (let i = bytes.indexOf(10); i >= 0 && k <= count; i = bytes.indexOf(10, i + 1)) starts[k++] = i + 1;
  starts[count] = bytes.length;
  return { bytes, starts, count, incompleteLast };
}

/** Line i's bytes including its newline (if any). */
export const lineBytes = (l: Lines, i: number): Uint8Array => l.bytes.subarray(l.starts[i], l.starts[i + 1]);

/**
 * Number every distinct line (1, 2, …) across both files; equal bytes, equal number. As GNU diff
 * does (io.c): each line's bytes are hashed straight from the buffer into an open-addressing table,
 * and a hit is confirmed by comparing bytes, so no line becomes a string (a 2 MB header has ~80,000).
 */
function classify(a: Lines, b: Lines): [Int32Array, Int32Array] {
  let size = 1024;
  while (size < 2 * (a.count + b.count)) size <<= 1;
  const mask = size - 1;
  /** Class id (1-based) in each slot; 0 is empty. */
  const slots = new Int32Array(size);
  // Per class: its hash, and the bytes of its first line (which file and where).
  const cap = a.count + b.count + 1;
  const hashOf = new Int32Array(cap);
  const fromB = new Uint8Array(cap);
  const startOf = new Int32Array(cap);
  const endOf = new Int32Array(cap);
  let classes = 0;
  const run = (l: Lines, side: number): Int32Array => {
    const out = new Int32Array(l.count);
    const bytes = l.bytes;
    for (let i = 0; i < l.count; i++) {
      const s = l.starts[i]!;
      const e = l.starts[i + 1]!;
      let h = 0x811c9dc5 ^ (e - s);
      for (let k = s; k < e; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
      h ^= h >>> 15;
      let at = (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
      let id: number;
      for (;;) {
        const c = slots[at]!;
        if (c === 0) {
          id = ++classes;
          slots[at] = id;
          hashOf[id] = h;
          fromB[id] = side;
          startOf[id] = s;
          endOf[id] = e;
          break;
        }
        if (hashOf[c] === h && endOf[c]! - startOf[c]! === e - s) {
          const other = fromB[c] ? b.bytes : a.bytes;
          let k = 0;
          const o = startOf[c]! - s;
          while (s + k < e && other[s + k + o] === bytes[s + k]) k++;
          if (s + k === e) {
            id = c;
            break;
          }
        }
        at = (at + 1) & mask;
      }
      out[i] = id;
    }
    return out;
  };
  return [run(a, 0), run(b, 1)];
}

/** Lines of common head and tail kept in the search, as GNU diff's horizon (its default: the 3 context lines). */
const HORIZON = 3;

/** The edit script between two files (empty when they are equal). */
export function diffLines(a: Lines, b: Lines): Change[] {
  const [ca, cb] = classify(a, b);
  // Common head and tail lines take no part in the search, except the HORIZON lines next to the
  // changes: GNU diff keeps those, and they count when it sets common lines aside (myers.ts).
  let head = 0;
  const min = Math.min(ca.length, cb.length);
  while (head < min && ca[head] === cb[head]) head++;
  let tail = 0;
  while (tail < min - head && ca[ca.length - 1 - tail] === cb[cb.length - 1 - tail]) tail++;
  head = Math.max(0, head - HORIZON);
  tail = Math.max(0, tail - HORIZON);
  const flags = diffClasses(ca.subarray(head, ca.length - tail), cb.subarray(head, cb.length - tail));
  return buildScript(flags.a, flags.b, ca.length - head - tail, cb.length - head - tail, head);
}

function buildScript(ca: Uint8Array, cb: Uint8Array, na: number, nb: number, head: number): Change[] {
  const out: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    if (ca[i + 1] || cb[j + 1]) {
      const a = i;
      const b = j;
      while (ca[i + 1]) i++;
      while (cb[j + 1]) j++;
      out.push({ a: a + head, b: b + head, deleted: i - a, inserted: j - b });
    }
    i++;
    j++;
  }
  return out;
}

/** A unified-diff hunk: 0-based starts and line counts on each side, and its changes. */
export interface Hunk {
  a: number;
  aLines: number;
  b: number;
  bLines: number;
  changes: Change[];
}

/** Group changes into hunks with `context` lines around them (diff -u: 3), as diff merges them. */
export function hunks(script: Change[], na: number, nb: number, context = 3): Hunk[] {
  const out: Hunk[] = [];
  let k = 0;
  while (k < script.length) {
    const from = k;
    const first = script[k]!;
    let last = first;
    while (k + 1 < script.length && script[k + 1]!.a - (last.a + last.deleted) <= 2 * context)
      last = script[++k]!;
    k++;
    const a = Math.max(0, first.a - context);
    const b = Math.max(0, first.b - context);
    const aEnd = Math.min(na, last.a + last.deleted + context);
    const bEnd = Math.min(nb, last.b + last.inserted + context);
    out.push({ a, aLines: aEnd - a, b, bLines: bEnd - b, changes: script.slice(from, k) });
  }
  return out;
}

type HunkLineKind = ' ' | '-' | '+';

/** Walk one hunk's lines in unified order: context, then each change's deletions and insertions. */
export function forEachHunkLine(h: Hunk, visit: (kind: HunkLineKind, a: number, b: number) => void): void {
  let a = h.a;
  let b = h.b;
  for (const c of h.changes) {
    while (a < c.a) visit(' ', a++, b++);
    for (let i = 0; i < c.deleted; i++) visit('-', a++, b);
    for (let i = 0; i < c.inserted; i++) visit('+', a, b++);
  }
  while (a < h.a + h.aLines) visit(' ', a++, b++);
}
