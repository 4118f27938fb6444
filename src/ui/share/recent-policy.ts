/**
 * Types and pure rules shared by every recent-archives store (IndexedDB and in-memory):
 * the eviction policy, prefix lookup and record validation. No storage APIs here.
 */

export const DEFAULT_BUDGET = 1024 ** 3; // 1 GiB
/** Shortest fingerprint prefix a lookup accepts (same as the URL schema). */
export const MIN_PREFIX = 12;

export interface RecentMeta {
  /** Full lower-case SHA-256 hex of the input file: the key. */
  sha256: string;
  name: string;
  /** Bytes; always the stored Blob's size. */
  size: number;
  kernel?: string;
  /** Date.now() of the last open. */
  openedAt: number;
}

export interface StoreUnavailable {
  kind: 'unavailable';
  reason: 'no-indexeddb' | 'denied' | 'quota' | 'timeout' | 'error';
  /** One sentence for the page, e.g. "Caching is off: …". */
  message: string;
}

export type PutResult =
  | { stored: true; evicted: string[] }
  | {
      stored: false;
      evicted: string[];
      reason: 'too-large' | 'invalid' | 'quota' | 'unavailable';
      message: string;
    };

/** Every method resolves; failures become empty results, a typed PutResult, and `lastProblem()`. */
export interface RecentStore {
  readonly kind: 'indexeddb' | 'memory';
  readonly budget: number;
  /** Newest first. */
  list(): Promise<RecentMeta[]>;
  /** Full hash or a unique prefix of at least MIN_PREFIX hex chars. */
  get(sha256OrPrefix: string): Promise<{ meta: RecentMeta; bytes: Blob } | null>;
  /** Stores (or replaces) an archive, evicting the oldest ones until it fits the budget. */
  put(meta: RecentMeta, bytes: Blob): Promise<PutResult>;
  /** Marks a cached archive as opened now, without rewriting its bytes. */
  touch(sha256: string, openedAt?: number): Promise<void>;
  remove(sha256: string): Promise<void>;
  clear(): Promise<void>;
  /** Sum of stored sizes, in bytes. */
  usage(): Promise<number>;
  /** The most recent storage failure, or null. The UI shows "caching is off" when set. */
  lastProblem(): StoreUnavailable | null;
}

export type EvictionPlan = { fits: true; evict: string[] } | { fits: false; evict: [] };

/**
 * Which records to delete so `incoming` fits in `budget`: oldest `openedAt` first (ties by key, for
 * a stable order). A record with the same key is replaced, so it never counts against the budget.
 * An item larger than the whole budget does not fit and evicts nothing.
 */
export function planEviction(
  existing: readonly Pick<RecentMeta, 'sha256' | 'size' | 'openedAt'>[],
  incoming: Pick<RecentMeta, 'sha256' | 'size'>,
  budget: number,
): EvictionPlan {
  if (incoming.size > budget) return { fits: false, evict: [] };
  const others = existing
    .filter((m) => m.sha256 !== incoming.sha256)
    .sort((a, b) => a.openedAt - b.openedAt || (a.sha256 < b.sha256 ? -1 : 1));
  let total = others.reduce((sum, m) => sum + m.size, 0);
  const evict: string[] = [];
  for (const m of others) {
    if (total + incoming.size <= budget) break;
    evict.push(m.sha256);
    total -= m.size;
  }
  return { fits: true, evict };
}

export function isFullSha256(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

/** The one record whose key starts with the prefix; null when none, ambiguous, or too short. */
export function findByPrefix<T extends Pick<RecentMeta, 'sha256'>>(
  metas: readonly T[],
  prefix: string,
): T | null {
  const p = prefix.toLowerCase();
  if (!/^[0-9a-f]+$/.test(p) || p.length < MIN_PREFIX || p.length > 64) return null;
  const hits = metas.filter((m) => m.sha256.startsWith(p));
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

export function newestFirst(metas: RecentMeta[]): RecentMeta[] {
  return metas.sort((a, b) => b.openedAt - a.openedAt || (a.sha256 < b.sha256 ? -1 : 1));
}

/** Records come back from storage written by older or other code: check before trusting. */
export function isRecentMeta(x: unknown): x is RecentMeta {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.sha256 === 'string' &&
    isFullSha256(r.sha256) &&
    typeof r.name === 'string' &&
    typeof r.size === 'number' &&
    Number.isFinite(r.size) &&
    r.size >= 0 &&
    typeof r.openedAt === 'number' &&
    Number.isFinite(r.openedAt) &&
    (r.kernel === undefined || typeof r.kernel === 'string')
  );
}

/** The record as stored: lower-case key, size from the bytes, no stray fields. */
export function normaliseMeta(meta: RecentMeta, size: number): RecentMeta {
  const m: RecentMeta = { sha256: meta.sha256.toLowerCase(), name: meta.name, size, openedAt: meta.openedAt };
  if (meta.kernel !== undefined) m.kernel = meta.kernel;
  return m;
}

/** Checks done before any write, identical for every store. Null when the item may be stored. */
export function rejectBeforePut(meta: RecentMeta, size: number, budget: number): PutResult | null {
  if (!isRecentMeta(normaliseMeta(meta, size))) {
    return {
      stored: false,
      evicted: [],
      reason: 'invalid',
      message: 'Not cached: the record is incomplete.',
    };
  }
  if (size > budget) {
    return {
      stored: false,
      evicted: [],
      reason: 'too-large',
      message: `Not cached: the file (${formatBytes(size)}) is larger than the cache budget (${formatBytes(budget)}).`,
    };
  }
  return null;
}

/** What every store's `put` does first: a rejection to return, or the normalised record to write. */
export function admit(
  meta: RecentMeta,
  size: number,
  budget: number,
): { rejected: PutResult } | { record: RecentMeta } {
  const rejected = rejectBeforePut(meta, size, budget);
  return rejected ? { rejected } : { record: normaliseMeta(meta, size) };
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
