/**
 * A byte source: one interface over File/Blob, ArrayBuffer/Uint8Array and (in Node) files,
 * read in bounded chunks so the caller can report bytesRead/bytesTotal.
 */
import { throwIfAborted } from './errors';

export interface Source {
  name: string;
  size: number;
  /** Read [start, end) — at most `end - start` bytes. */
  read(start: number, end: number): Promise<Uint8Array>;
  /** The whole content when it is already in memory: readAll returns it as is, with no copy. */
  bytes?: Uint8Array;
}

const DEFAULT_CHUNK = 4 << 20;

export function bytesSource(bytes: Uint8Array | ArrayBuffer, name = 'input'): Source {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return {
    name,
    size: u8.length,
    bytes: u8,
    read: async (s, e) => u8.subarray(s, Math.min(e, u8.length)),
  };
}

/** Minimal Blob shape so this module needs no DOM types at run time. */
interface BlobLike {
  size: number;
  name?: string;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export function blobSource(blob: BlobLike, name = blob.name ?? 'input'): Source {
  return {
    name,
    size: blob.size,
    read: async (s, e) => new Uint8Array(await blob.slice(s, Math.min(e, blob.size)).arrayBuffer()),
  };
}

/**
 * Read a whole source into one buffer in bounded chunks. Chunk size is a parameter so tests can use
 * tiny chunks to expose boundary bugs.
 */
export async function readAll(
  src: Source,
  opts: { chunk?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Uint8Array> {
  if (src.bytes?.length === src.size) {
    opts.onProgress?.(src.size, src.size);
    return src.bytes;
  }
  const chunk = Math.max(1, opts.chunk ?? DEFAULT_CHUNK);
  let out: Uint8Array | null = null;
  let done = 0;
  while (done < src.size) {
    throwIfAborted(opts.signal);
    const part = await src.read(done, Math.min(src.size, done + chunk));
    if (part.length === 0) break;
    if (part.length === src.size) {
      // One read gave everything (a file up to one chunk): keep it, with no second copy.
      opts.onProgress?.(src.size, src.size);
      return part;
    }
    out ??= new Uint8Array(src.size);
    out.set(part, done);
    done += part.length;
    opts.onProgress?.(done, src.size);
  }
  if (!out) return new Uint8Array(0);
  return done === src.size ? out : out.subarray(0, done);
}
