/**
 * The kernel's banner, init/version.c's linux_banner: "Linux version <release> (<by>@<host>) (<cc>) <version>".
 * Used by the ELF parser (by symbol, or in .rodata) and by the layer scan of raw or decoded kernels.
 */
import { ascii, bytesAt, indexOfBytes } from '../../bytes';

const BANNER_PREFIX = ascii('Linux version ');

/** The printable banner text at `at` (up to 512 characters, trimmed), or null when it is not one. */
export function readBanner(buf: Uint8Array, at: number): string | null {
  if (!bytesAt(buf, at, BANNER_PREFIX)) return null;
  let end = at;
  while (end < buf.length && end - at < 512 && buf[end]! >= 0x20 && buf[end]! < 0x7f) end++;
  return new TextDecoder().decode(buf.subarray(at, end)).trim();
}

/**
 * The kernel's banner in buf[from, to): the first "Linux version <digit>…" that carries a build
 * number ("… #1 SMP …"), else the first one at all. Since 6.1 a kernel also holds a placeholder
 * copy from init/version.c with an empty build number ("… # SMP …") before the real one from
 * init/version-timestamp.c.
 */
export function findBanner(buf: Uint8Array, from = 0, to = buf.length): string | null {
  let first: string | null = null;
  for (
    let i = indexOfBytes(buf, BANNER_PREFIX, from, to);
    i >= 0;
    i = indexOfBytes(buf, BANNER_PREFIX, i + 1, to)
  ) {
    const d = buf[i + BANNER_PREFIX.length];
    if (d === undefined || d < 0x30 || d > 0x39) continue;
    const text = readBanner(buf, i);
    if (text && /\) #\d/.test(text)) return text;
    first ??= text;
  }
  return first;
}

/** The release, the banner's first word after the prefix ("6.1.0-56-amd64"). */
export const releaseOf = (banner: string): string | null =>
  banner.slice(BANNER_PREFIX.length).split(/\s/)[0] ?? null;
