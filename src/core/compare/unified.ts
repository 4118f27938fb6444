/**
 * The hunks of a line diff as `diff -u` prints them (without the two "---"/"+++" header lines),
 * byte for byte: "@@ -a,n +b,m @@" ranges, ' '/'-'/'+' lines, "\ No newline at end of file".
 */
import { forEachHunkLine, lineBytes, type Hunk, type Lines } from './line-diff';

/** diff's range: "l" for one line, "l,n" otherwise; an empty range names the line before it. */
function unifiedRange(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

export const hunkHeader = (h: Hunk): string =>
  `@@ -${unifiedRange(h.a, h.aLines)} +${unifiedRange(h.b, h.bLines)} @@`;

const NO_NEWLINE = new TextEncoder().encode('\n\\ No newline at end of file\n');

export function unifiedBytes(a: Lines, b: Lines, list: Hunk[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const line = (kind: string, l: Lines, i: number): void => {
    parts.push(enc.encode(kind), lineBytes(l, i));
    if (i === l.count - 1 && l.incompleteLast) parts.push(NO_NEWLINE);
  };
  for (const h of list) {
    parts.push(enc.encode(hunkHeader(h) + '\n'));
    forEachHunkLine(h, (kind, ia, ib) => (kind === '+' ? line(kind, b, ib) : line(kind, a, ia)));
  }
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
