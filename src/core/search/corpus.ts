/**
 * The searchable view of a header archive: the tar bytes, the same bytes as a one-char-per-byte
 * string (so a RegExp runs over the whole archive in one pass and string offsets are byte offsets),
 * and the regular files with their data ranges. Built once per archive (search worker, CLI).
 */
import { storedSize } from '../tar';
import type { TarEntry } from '../types';

export interface CorpusFile {
  path: string;
  /** Data range in the tar bytes: [start, end). */
  start: number;
  end: number;
}

export interface Corpus {
  tar: Uint8Array;
  /** `tar` decoded one byte → one UTF-16 unit (windows-1252, which maps every byte). */
  text: string;
  /** Regular files (hard links resolved to their target's data) in tar order (ascending `start`). */
  files: CorpusFile[];
}

const asciiDecoder = new TextDecoder('utf-8');
const byteDecoder = new TextDecoder('windows-1252');
const CHUNK = 1 << 16;

/**
 * One byte → one UTF-16 code unit, for every byte value. Pure-ASCII chunks (nearly all of a header
 * archive) go through the UTF-8 decoder, which is several times faster than a single-byte decoder
 * on Node and Chromium; the rest through windows-1252, which maps every byte to one code unit.
 */
export function bytesToText(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const sub = bytes.subarray(i, Math.min(bytes.length, i + CHUNK));
    let ascii = true;
    for (let j = 0; j < sub.length; j++) {
      if (sub[j]! >= 128) {
        ascii = false;
        break;
      }
    }
    parts.push((ascii ? asciiDecoder : byteDecoder).decode(sub));
  }
  return parts.join('');
}

/** A UTF-8 pattern in the corpus alphabet (each UTF-8 byte becomes one char). */
export function toCorpusAlphabet(s: string): string {
  // Plain ASCII is the same in both alphabets.
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(s)) return s;
  return bytesToText(new TextEncoder().encode(s));
}

/**
 * What `grep -r` sees in the extracted archive: regular files and hard links (symlinks are not
 * followed during recursion). Ordered by tar position; callers sort by path for output.
 */
export function corpusFiles(entries: readonly TarEntry[]): CorpusFile[] {
  const byPath = new Map<string, TarEntry>();
  for (const e of entries) if (e.type === 'file') byPath.set(e.path, e);
  const files: CorpusFile[] = [];
  for (const e of entries) {
    let data: TarEntry | undefined = e;
    if (e.type === 'hardlink' && e.linkTarget !== undefined)
      data = byPath.get(e.linkTarget.replace(/^\.?\/+/, ''));
    else if (e.type !== 'file') continue;
    if (!data || data.type !== 'file' || data.unreadable) continue;
    // A sparse file is searched in its stored runs (its holes are zeros, no text).
    files.push({ path: e.path, start: data.dataOffset, end: data.dataOffset + storedSize(data) });
  }
  files.sort((a, b) => a.start - b.start || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

export function buildCorpus(entries: readonly TarEntry[], tar: Uint8Array): Corpus {
  return { tar, text: bytesToText(tar), files: corpusFiles(entries) };
}

/** Byte-wise path order (the documented output order of the CLI's --grep). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
