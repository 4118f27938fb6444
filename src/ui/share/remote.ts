/**
 * Fetches a remote archive (`#src=` or "Open URL") with streaming progress, a size cap and cancel.
 * Only http(s) URLs, no cookies sent. Every failure comes back as data with a message a person
 * understands; nothing throws.
 */
import { checkSourceUrl } from './url-state';

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3; // 2 GiB

export type FetchErrorKind = 'cors-or-network' | 'http' | 'too-large' | 'cancelled' | 'bad-url';

export interface FetchArchiveError {
  kind: FetchErrorKind;
  message: string;
  status?: number;
}

export type FetchArchiveResult = { bytes: Uint8Array; name: string } | { error: FetchArchiveError };

export interface FetchArchiveOptions {
  signal?: AbortSignal;
  /** `total` is null when the server did not send a usable Content-Length. */
  onProgress?: (done: number, total: number | null) => void;
  maxBytes?: number;
  /** At most one progress call per interval (the first and the last always come). */
  progressIntervalMs?: number;
}

/** "https://example.org" for display before fetching; null for a URL we would not fetch. */
export function remoteOrigin(url: string): string | null {
  const r = checkSourceUrl(url);
  return r.ok ? new URL(r.value).origin : null;
}

const cancelled = (): { error: FetchArchiveError } => ({
  error: { kind: 'cancelled', message: 'Download cancelled.' },
});

function tooLarge(origin: string, limit: number, size?: number): { error: FetchArchiveError } {
  const what = size === undefined ? 'The file' : `The file (${mib(size)})`;
  return {
    error: {
      kind: 'too-large',
      message: `${what} at ${origin} is larger than the ${mib(limit)} this page opens. Download it yourself if you really need it.`,
    },
  };
}

const mib = (n: number) =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** Strips a name from Content-Disposition down to a safe base name; null when there is none. */
export function nameFromContentDisposition(header: string | null): string | null {
  if (!header) return null;
  let raw: string | null = null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star?.[2] !== undefined) {
    try {
      raw = decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
    } catch {
      raw = null;
    }
  }
  if (raw === null) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
    raw = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim() ?? null;
  }
  return raw === null ? null : safeBaseName(raw);
}

export function nameFromUrl(url: string): string | null {
  try {
    const segments = new URL(url).pathname.split('/').filter((s) => s !== '');
    const last = segments[segments.length - 1];
    if (last === undefined) return null;
    let decoded = last;
    try {
      decoded = decodeURIComponent(last);
    } catch {
      // keep the raw segment
    }
    return safeBaseName(decoded);
  } catch {
    return null;
  }
}

function safeBaseName(raw: string): string | null {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let clean = '';
  for (const ch of base) if (ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f) clean += ch;
  clean = clean.trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? null : clean;
}

function httpMessage(origin: string, status: number, statusText: string): string {
  const code = `${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 404 || status === 410)
    return `The server at ${origin} has no file at this address (${code}).`;
  if (status === 401 || status === 403) return `The server at ${origin} refused to send the file (${code}).`;
  return `The server at ${origin} answered ${code} instead of the file.`;
}

/** Reads the whole body, calling onProgress; throws only AbortError-like errors or network errors. */
async function readBody(
  res: Response,
  maxBytes: number,
  total: number | null,
  report: (done: number, total: number | null, final: boolean) => void,
): Promise<Uint8Array | 'too-large'> {
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    if (buf.byteLength > maxBytes) return 'too-large';
    report(buf.byteLength, buf.byteLength, true);
    return buf;
  }
  const reader = res.body.getReader();
  // With a trustworthy Content-Length, fill one buffer; otherwise collect chunks and join once.
  let exact: Uint8Array | null = total !== null ? new Uint8Array(total) : null;
  const chunks: Uint8Array[] = [];
  let done = 0;
  let shownTotal = total;
  try {
    for (;;) {
      const { done: eof, value } = await reader.read();
      if (eof) break;
      if (done + value.byteLength > maxBytes) {
        void reader.cancel().catch(() => {});
        return 'too-large';
      }
      if (exact && done + value.byteLength > exact.byteLength) {
        // More bytes than announced (e.g. a compressed transfer): switch to chunks, progress unknown.
        chunks.push(exact.subarray(0, done));
        exact = null;
        shownTotal = null;
      }
      if (exact) exact.set(value, done);
      else chunks.push(value);
      done += value.byteLength;
      report(done, shownTotal, false);
    }
  } finally {
    reader.releaseLock();
  }
  report(done, shownTotal === null ? done : shownTotal, true);
  if (exact) return done === exact.byteLength ? exact : exact.subarray(0, done);
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(done);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Ask the server: the response, or the error to show (CORS or network, HTTP status, cancelled). */
async function request(
  href: string,
  origin: string,
  signal: AbortSignal | undefined,
): Promise<{ res: Response } | { failed: FetchArchiveResult }> {
  let res: Response;
  try {
    res = await fetch(href, {
      signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'follow',
    });
  } catch (e) {
    if (signal?.aborted) return { failed: cancelled() };
    const detail = e instanceof TypeError ? '' : ` (${e instanceof Error ? e.message : String(e)})`;
    const message = `The server at ${origin} did not allow this page to read the file (CORS), or the network failed${detail}. Download it yourself, then drop it here.`;
    return { failed: { error: { kind: 'cors-or-network', message } } };
  }
  if (!res.ok) {
    void res.body?.cancel().catch(() => {});
    const message = httpMessage(origin, res.status, res.statusText);
    return { failed: { error: { kind: 'http', status: res.status, message } } };
  }
  return { res };
}

/** The size the server announces (Content-Length), or null when it gives none that can be trusted. */
function announcedSize(res: Response): number | null {
  const lengthHeader = res.headers.get('content-length');
  const length = lengthHeader !== null && /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader) : null;
  return length !== null && Number.isSafeInteger(length) ? length : null;
}

/** A progress callback that reports at most once per `interval` ms, and always the final count. */
function throttled(onProgress: FetchArchiveOptions['onProgress'], interval: number) {
  let last = -Infinity;
  return (done: number, shown: number | null, final: boolean) => {
    if (!onProgress) return;
    const now = Date.now();
    if (!final && now - last < interval) return;
    last = now;
    onProgress(done, shown);
  };
}

/** Read the body within the cap and name the file (Content-Disposition, then the final URL, then the asked one). */
async function download(
  res: Response,
  href: string,
  origin: string,
  maxBytes: number,
  total: number | null,
  options: FetchArchiveOptions,
): Promise<FetchArchiveResult> {
  const report = throttled(options.onProgress, options.progressIntervalMs ?? 100);
  report(0, total, false);
  try {
    const bytes = await readBody(res, maxBytes, total, report);
    if (bytes === 'too-large') return tooLarge(origin, maxBytes);
    const name =
      nameFromContentDisposition(res.headers.get('content-disposition')) ??
      nameFromUrl(res.url || href) ??
      nameFromUrl(href) ??
      'download';
    return { bytes, name };
  } catch (e) {
    if (options.signal?.aborted) return cancelled();
    const detail = e instanceof Error ? ` (${e.message})` : '';
    return {
      error: {
        kind: 'cors-or-network',
        message: `The download from ${origin} broke off${detail}. Try again, or download it yourself and drop it here.`,
      },
    };
  }
}

export async function fetchArchive(
  url: string,
  options: FetchArchiveOptions = {},
): Promise<FetchArchiveResult> {
  const checked = checkSourceUrl(url);
  if (!checked.ok)
    return { error: { kind: 'bad-url', message: `This address cannot be opened: ${checked.why}` } };
  const href = checked.value;
  const origin = new URL(href).origin;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (options.signal?.aborted) return cancelled();

  const asked = await request(href, origin, options.signal);
  if ('failed' in asked) return asked.failed;
  const { res } = asked;
  const total = announcedSize(res);
  if (total !== null && total > maxBytes) {
    void res.body?.cancel().catch(() => {});
    return tooLarge(origin, maxBytes, total);
  }
  return download(res, href, origin, maxBytes, total, options);
}
