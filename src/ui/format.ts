/** Small display formatters used across the UI. */

import { formatInt } from '../core/format-size';

export { formatInt };
export { formatSize, formatBytes as formatBytesExact } from '../core/format-size';

/** "1 file", "2 files", "1,024 files". */
export const plural = (n: number, one: string, many: string): string =>
  `${formatInt(n)} ${n === 1 ? one : many}`;

export { hex, hex8 } from '../core/bytes';

/** "-rw-r--r--" from a mode and entry type. */
export function formatMode(mode: number, type: string): string {
  const kind = type === 'dir' ? 'd' : type === 'symlink' ? 'l' : '-';
  const bits = 'rwxrwxrwx';
  let s = '';
  for (let i = 0; i < 9; i++) s += mode & (1 << (8 - i)) ? bits[i] : '-';
  return kind + s;
}

/** UTC, ISO-like, seconds precision: "2024-05-01 12:00:00 UTC". */
export function formatMtime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '—';
  return new Date(seconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  if (bytesPerSecond < 1e6) return `${(bytesPerSecond / 1e3).toFixed(1)} kB/s`;
  return `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
