/**
 * One line of the code viewer as segments: the highlighter's tokens (c-tokenize.ts), with
 * identifiers split out of plain text (clickable for definitions), the target of an `#include`
 * marked as an include, and search-match ranges cut in as `marked` pieces.
 */
import { tokenizeLine, type LexState, type TokenKind } from './c-tokenize';

export interface Segment {
  kind: TokenKind;
  text: string;
  /** An identifier (plain word or a known type name): its definitions can be looked up. */
  ident?: boolean;
  /** The `<path>` or `"path"` of an #include. */
  include?: { target: string; quoted: boolean };
  /** Inside a search match. */
  marked?: boolean;
}

const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/g;
const INCLUDE = /^#\s*include(?:_next)?$/;

function splitIdents(text: string, out: Segment[]): void {
  let at = 0;
  IDENT.lastIndex = 0;
  for (let m = IDENT.exec(text); m; m = IDENT.exec(text)) {
    if (m.index > at) out.push({ kind: 'plain', text: text.slice(at, m.index) });
    out.push({ kind: 'plain', text: m[0], ident: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'plain', text: text.slice(at) });
}

/** Cut segments at the edges of `ranges` (ascending, non-overlapping) and flag the pieces inside. */
export function cutMarks(segs: Segment[], ranges: readonly [number, number][]): Segment[] {
  if (ranges.length === 0) return segs;
  const out: Segment[] = [];
  let pos = 0;
  for (const seg of segs) {
    const end = pos + seg.text.length;
    let at = pos;
    for (const [a, b] of ranges) {
      if (b <= at || a >= end) continue;
      if (a > at) out.push({ ...seg, text: seg.text.slice(at - pos, a - pos) });
      const e = Math.min(b, end);
      out.push({ ...seg, text: seg.text.slice(Math.max(a, at) - pos, e - pos), marked: true });
      at = e;
    }
    if (at < end) out.push(at === pos ? seg : { ...seg, text: seg.text.slice(at - pos) });
    pos = end;
  }
  return out;
}

export function segmentLine(
  line: string,
  state: LexState,
  marks: readonly [number, number][] | null,
): Segment[] {
  const { tokens } = tokenizeLine(line, state);
  const segs: Segment[] = [];
  let include = false;
  for (const t of tokens) {
    if (t.kind === 'preproc') include = INCLUDE.test(t.text.trim());
    if (t.kind === 'plain') splitIdents(t.text, segs);
    else if (t.kind === 'type') segs.push({ kind: t.kind, text: t.text, ident: true });
    else if (t.kind === 'string' && include && /^(<[^>]*>|"[^"]*")$/.test(t.text)) {
      segs.push({
        kind: t.kind,
        text: t.text,
        include: { target: t.text.slice(1, -1), quoted: t.text[0] === '"' },
      });
      include = false;
    } else segs.push({ kind: t.kind, text: t.text });
  }
  return marks ? cutMarks(segs, marks) : segs;
}
