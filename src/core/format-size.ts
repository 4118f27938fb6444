/** Human-readable sizes in binary units: "0 B", "512 B", "1.5 KiB", "24.1 MiB". */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes)) return '? B';
  const sign = bytes < 0 ? '-' : '';
  let n = Math.abs(bytes);
  if (n < 1024) return `${sign}${Math.round(n)} B`;
  let u = 0;
  while (n >= 1024 && u < UNITS.length - 1) {
    n /= 1024;
    u++;
  }
  // 1023.96 KiB would print as "1024.0 KiB": carry into the next unit instead.
  if (Number(n.toFixed(1)) >= 1024 && u < UNITS.length - 1) {
    n /= 1024;
    u++;
  }
  return `${sign}${n.toFixed(1)} ${UNITS[u]}`;
}

/**
 * A whole number with thousands separators, "26,659,960": what toLocaleString('en-US') prints, without
 * it (in Node its first call loads ICU's locale data, 55-90 ms of a short CLI run).
 */
export function formatInt(n: number): string {
  const s = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && s !== '0' ? `-${s}` : s;
}

/** Exact byte count with thousands separators, locale-independent: "26,659,960 bytes". */
export function formatBytes(bytes: number): string {
  return `${formatInt(bytes)} ${Math.abs(bytes) === 1 ? 'byte' : 'bytes'}`;
}
