/**
 * The tar walk over a decoder's output while it still decodes (DecodeOptions.onPrefix): the opener
 * hands `feed` to the decode, and when the output turns out to be the tar, `finish` resumes the same
 * walk instead of starting over. The result is readTar's over the final bytes, entry for entry and
 * error for error: the walk only goes where the prefix has arrived (a header whose data runs past it
 * waits), and when the decode kept fewer bytes than the walk went over (a cancel), or the bytes are
 * not that buffer, `finish` reads them again from the start.
 * With `tree`, the header tree is built as the entries are listed, so that after the last block only
 * the folders' sort and sums are left (treeOf).
 */
import { looksLikeTar, readTar, TarStream } from './tar';
import { TreeBuilder } from './tree';
import type { TarEntry, TreeNode } from './types';

type TarListing = ReturnType<typeof readTar>;

const BLOCK = 512;

export class TarPrefixWalk {
  private buf: Uint8Array | null = null;
  private stream: TarStream | null = null;
  /** Bytes of `buf` the walk has been told are in place. */
  private fed = 0;
  /** The walk ended before the end of the bytes (end-of-archive blocks, or a damaged header). */
  private ended: TarListing | null = null;
  /** Not a tar (or not walkable): nothing more to do. */
  private off = false;
  /** The tree of the entries listed so far; dropped when finish reads from the start. */
  private builder: TreeBuilder | null;
  /** The entries finish returned (the builder placed them all), and their tree once made. */
  private finished: readonly TarEntry[] | null = null;
  private tree: TreeNode | null = null;

  constructor(opts: { tree?: boolean } = {}) {
    this.builder = opts.tree ? new TreeBuilder() : null;
  }

  /** The first `avail` bytes of `output` are in place: walk on over them. */
  readonly feed = (output: Uint8Array, avail: number): void => {
    if (this.off || this.ended) return;
    if (this.buf !== null && this.buf !== output) return this.stop(); // one buffer per walk
    this.buf = output;
    const n = Math.min(avail, output.length);
    if (n <= this.fed) return;
    try {
      if (!this.stream) {
        if (n < BLOCK) return;
        // The first header is in place: the same test the opener makes on the whole output.
        if (!looksLikeTar(output.subarray(0, n))) return this.stop();
        this.stream = new TarStream(output);
      }
      this.fed = n;
      this.ended = this.stream.read(n, false);
      this.place(this.stream.entries);
    } catch {
      this.stop(); // not expected; finish then reads from the start
    }
  };

  /** What readTar(bytes) gives, resuming the walk when it went over the start of these same bytes. */
  finish(bytes: Uint8Array): TarListing {
    const s = this.stream;
    const buf = this.buf;
    this.stop();
    const same = buf !== null && bytes.buffer === buf.buffer && bytes.byteOffset === buf.byteOffset;
    if (!s || !same || this.fed > bytes.length) {
      this.builder = null;
      return readTar(bytes);
    }
    const listing = this.ended ?? s.read(bytes.length, true)!;
    this.place(listing.entries);
    this.finished = listing.entries;
    return listing;
  }

  /** The header tree of `entries` when they are what finish returned and the walk built it; else null. */
  treeOf(entries: readonly TarEntry[]): TreeNode | null {
    const b = this.builder;
    if (!b || entries !== this.finished || b.count !== entries.length) return null;
    this.tree ??= b.finish();
    return this.tree;
  }

  /** Place the entries listed since the last call into the tree. */
  private place(entries: readonly TarEntry[]): void {
    const b = this.builder;
    if (b) for (let i = b.count; i < entries.length; i++) b.add(entries[i]!);
  }

  /** How far the walk went (bytes from the start of the output). */
  get walked(): number {
    return this.fed;
  }

  /** Entries listed so far (before finish). */
  get listed(): number {
    return this.stream?.entries.length ?? 0;
  }

  private stop(): void {
    this.off = true;
    this.stream = null;
  }
}
