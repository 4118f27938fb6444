/**
 * Small pieces shared by the container parsers (bzImage, zImage, Image, zboot, boot.img, uImage,
 * ELF): clipping a header-declared region to the bytes that exist, header text fields, alignment.
 * (The guard every container runs behind is `guard.ts`.)
 */
import { khiError, type KhiError } from '../../errors';
import type { ContainerOpened, Region } from '../contract';

/**
 * Fit `region` into a buffer of `size` bytes. A region that starts past the end is dropped; one
 * that runs past the end is cut short. Both add a 'truncated' error naming the offset.
 */
export function clipRegion(region: Region, size: number, errors: KhiError[]): Region | null {
  const { offset, length, label } = region;
  if (!Number.isFinite(offset) || offset < 0 || offset >= size) {
    errors.push(
      khiError(
        'truncated',
        `The ${label} should start at offset ${offset}, but the file ends at ${size} bytes.`,
        offset,
      ),
    );
    return null;
  }
  if (length === null || offset + length <= size) return region;
  const have = size - offset;
  errors.push(
    khiError(
      'truncated',
      `The ${label} at offset ${offset} should be ${length} bytes long, but only ${have} bytes are present.`,
      offset,
    ),
  );
  return {
    ...region,
    length: have,
    notes: [...(region.notes ?? []), `cut short: header says ${length} bytes`],
  };
}

/** Printable-ASCII excerpt of a NUL-terminated field (control bytes become '.'). */
export function textField(b: Uint8Array, o: number, max: number, excerpt = max): string {
  let s = '';
  const end = Math.min(b.length, o + max);
  for (let i = o; i < end; i++) {
    const c = b[i]!;
    if (c === 0) break;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  s = s.trim();
  return s.length > excerpt ? s.slice(0, excerpt) + '…' : s;
}

export const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * What `open` returns when the header `probe` accepted no longer reads (the guard may call open on
 * bytes that changed): no regions, one error, and the rest scanned.
 */
export const headerGone = (what: string, offset = 0): ContainerOpened => ({
  regions: [],
  errors: [khiError('corrupt', `The ${what} header is no longer valid.`, offset)],
  scanRest: true,
});
