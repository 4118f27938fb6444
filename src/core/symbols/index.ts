/**
 * The symbol index of a header archive: name → definitions (path, line, kind). Built file by file
 * (a worker yields between slices). No string is allocated per definition: names are ranges of the
 * corpus text, interned in an open-addressing hash table (FNV-1a over the chars), and definitions
 * live in flat typed arrays chained per name. 380k definitions of a 31.7 MB archive take ~8 MB.
 */
import type { Corpus } from '../search/corpus';
import { DEF_KINDS, parseDefs, type DefKind } from './parse';

export interface DefSite {
  path: string;
  line: number;
  kind: DefKind;
}

function grown<T extends Uint32Array | Uint8Array | Int32Array>(a: T, n: number, make: (n: number) => T): T {
  const b = make(n);
  b.set(a);
  return b;
}

export class SymbolIndex {
  // Definitions: parallel arrays; `next` chains the definitions of one name.
  private dStart = new Uint32Array(4096);
  private dLen = new Uint32Array(4096);
  private dFile = new Uint32Array(4096);
  private dLine = new Uint32Array(4096);
  private dKind = new Uint8Array(4096);
  private dNext = new Int32Array(4096);
  // Names: slot → first definition (-1 empty) and last definition (append in order).
  private slots = new Int32Array(1 << 16).fill(-1);
  private tails = new Int32Array(1 << 16);
  /** Definitions recorded. */
  count = 0;
  /** Distinct names. */
  names = 0;
  filesDone = 0;

  constructor(private readonly corpus: Corpus) {}

  get done(): boolean {
    return this.filesDone >= this.corpus.files.length;
  }

  private hashRange(s: number, e: number): number {
    const t = this.corpus.text;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  private sameName(d: number, s: number, e: number): boolean {
    const len = this.dLen[d]!;
    if (len !== e - s) return false;
    const t = this.corpus.text;
    const o = this.dStart[d]!;
    for (let i = 0; i < len; i++) if (t.charCodeAt(o + i) !== t.charCodeAt(s + i)) return false;
    return true;
  }

  /** The slot of text[s, e): its own or the empty one where it would go. */
  private slotOf(s: number, e: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const d = this.slots[i]!;
      if (d < 0 || this.sameName(d, s, e)) return i;
    }
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    const oldTails = this.tails;
    this.tails = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i++) {
      const d = old[i]!;
      if (d < 0) continue;
      const s = this.dStart[d]!;
      const e = s + this.dLen[d]!;
      const slot = this.slotOf(s, e, this.hashRange(s, e));
      this.slots[slot] = d;
      this.tails[slot] = oldTails[i]!;
    }
  }

  private add(s: number, e: number, file: number, line: number, kind: DefKind): void {
    if (this.count === this.dStart.length) {
      const n = this.count * 2;
      this.dStart = grown(this.dStart, n, (k) => new Uint32Array(k));
      this.dLen = grown(this.dLen, n, (k) => new Uint32Array(k));
      this.dFile = grown(this.dFile, n, (k) => new Uint32Array(k));
      this.dLine = grown(this.dLine, n, (k) => new Uint32Array(k));
      this.dKind = grown(this.dKind, n, (k) => new Uint8Array(k));
      this.dNext = grown(this.dNext, n, (k) => new Int32Array(k));
    }
    const d = this.count++;
    this.dStart[d] = s;
    this.dLen[d] = e - s;
    this.dFile[d] = file;
    this.dLine[d] = line;
    this.dKind[d] = DEF_KINDS.indexOf(kind);
    this.dNext[d] = -1;
    const slot = this.slotOf(s, e, this.hashRange(s, e));
    if (this.slots[slot]! < 0) {
      this.slots[slot] = d;
      this.tails[slot] = d;
      if (++this.names * 2 > this.slots.length) this.rehash();
    } else {
      this.dNext[this.tails[slot]!] = d;
      this.tails[slot] = d;
    }
  }

  /** Index the next files for about `budgetMs` (all when omitted). Returns true when finished. */
  step(budgetMs = Infinity, now: () => number = () => performance.now()): boolean {
    const { files, text } = this.corpus;
    const t0 = budgetMs === Infinity ? 0 : now();
    while (this.filesDone < files.length) {
      const fi = this.filesDone++;
      const f = files[fi]!;
      if (isIndexable(f.path))
        parseDefs(text, f.start, f.end, (d) => this.add(d.start, d.end, fi, d.line, d.kind));
      if (budgetMs !== Infinity && (fi & 7) === 7 && now() - t0 > budgetMs) break;
    }
    return this.done;
  }

  /** Every definition of `name` found so far, ordered by path then line. */
  lookup(name: string): DefSite[] {
    if (name === '' || name.length > 256 || this.names === 0) return [];
    // Hash and compare the query against the corpus text by putting it at a probe position.
    const t = this.corpus.text;
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    h >>>= 0;
    const mask = this.slots.length - 1;
    let first = -1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const d = this.slots[i]!;
      if (d < 0) break;
      const o = this.dStart[d]!;
      if (this.dLen[d] === name.length && t.startsWith(name, o)) {
        first = d;
        break;
      }
    }
    const out: DefSite[] = [];
    const files = this.corpus.files;
    for (let d = first; d >= 0; d = this.dNext[d]!) {
      out.push({ path: files[this.dFile[d]!]!.path, line: this.dLine[d]!, kind: DEF_KINDS[this.dKind[d]!]! });
    }
    out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    return out;
  }
}

/** C headers and sources are indexed (assembly and linker scripts are not C). */
function isIndexable(path: string): boolean {
  return /\.[ch]$/.test(path);
}
