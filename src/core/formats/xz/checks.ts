/**
 * Block integrity checks (xz-file-format 3.4). Each block's decoded bytes are fed as they become
 * final; CRC32/CRC64 and the fallback SHA-256 are incremental. WebCrypto SHA-256 is one-shot, so it
 * hashes the block's finished bytes at the end (a view, no copy on our side).
 */
import { Crc64, crc32 } from './crc';
import { CHECK_CRC32, CHECK_CRC64, CHECK_NONE, CHECK_SHA256 } from './format';
import { Sha256 } from './sha256';

export interface BlockCheck {
  update(b: Uint8Array, start: number, end: number): void;
  /** The computed check field; `whole` is the block's complete output. */
  finish(whole: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

class Crc32Check implements BlockCheck {
  private crc = 0;
  update(b: Uint8Array, start: number, end: number): void {
    this.crc = crc32(b, start, end, this.crc);
  }
  finish(): Uint8Array {
    const c = this.crc;
    return Uint8Array.of(c, c >>> 8, c >>> 16, c >>> 24);
  }
}

class Crc64Check implements BlockCheck {
  private readonly crc = new Crc64();
  update(b: Uint8Array, start: number, end: number): void {
    this.crc.update(b, start, end);
  }
  finish(): Uint8Array {
    return this.crc.digest();
  }
}

class Sha256Check implements BlockCheck {
  private readonly sha = new Sha256();
  update(b: Uint8Array, start: number, end: number): void {
    this.sha.update(b, start, end);
  }
  finish(): Uint8Array {
    return this.sha.digest();
  }
}

class SubtleSha256Check implements BlockCheck {
  constructor(private readonly subtle: SubtleCrypto) {}
  update(): void {
    /* one-shot at finish */
  }
  async finish(whole: Uint8Array): Promise<Uint8Array> {
    // Our output buffers are plain ArrayBuffers (never shared), which WebCrypto requires.
    return new Uint8Array(await this.subtle.digest('SHA-256', whole as Uint8Array<ArrayBuffer>));
  }
}

/** WebCrypto, when this context has it (browsers only expose it in secure contexts). */
export function webCrypto(): SubtleCrypto | undefined {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  return c?.subtle;
}

/**
 * A check state for a check id, or null when nothing can be verified (None, or a reserved id).
 * `preferSubtle: false` forces the TypeScript SHA-256 (tests).
 */
export function createCheck(type: number, preferSubtle = true): BlockCheck | null {
  switch (type) {
    case CHECK_NONE:
      return null;
    case CHECK_CRC32:
      return new Crc32Check();
    case CHECK_CRC64:
      return new Crc64Check();
    case CHECK_SHA256: {
      const subtle = preferSubtle ? webCrypto() : undefined;
      return subtle ? new SubtleSha256Check(subtle) : new Sha256Check();
    }
    default:
      return null;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
