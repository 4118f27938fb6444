/**
 * Recent archives in IndexedDB: one database, two object stores. `meta` holds RecentMeta records
 * (keyPath sha256, small, read whole for listing and eviction); `blobs` holds the original input
 * bytes as a Blob under the same key, read only when an archive is reopened.
 *
 * Nothing here throws into the UI: opening failures give a StoreUnavailable, later failures give
 * empty results, a typed PutResult and `lastProblem()`.
 */
import {
  admit,
  DEFAULT_BUDGET,
  findByPrefix,
  isRecentMeta,
  newestFirst,
  planEviction,
  type PutResult,
  type RecentMeta,
  type RecentStore,
  type StoreUnavailable,
} from './recent-policy';

export const DEFAULT_DB_NAME = 'kheaders-inspector';
const DB_VERSION = 1;
const META = 'meta';
const BLOBS = 'blobs';

export interface IdbStoreOptions {
  budget?: number;
  /** Defaults to globalThis.indexedDB; injectable for tests. */
  factory?: IDBFactory;
  openTimeoutMs?: number;
}

const errorName = (e: unknown): string =>
  typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : '';

/**
 * `during` matters for InvalidStateError: on open it means storage is disabled (older private
 * windows); later it means our connection was closed (another tab upgraded the database).
 */
export function classifyStorageError(e: unknown, during: 'open' | 'use' = 'use'): StoreUnavailable {
  const name = errorName(e);
  if (name === 'InvalidStateError' && during === 'use') {
    return {
      kind: 'unavailable',
      reason: 'error',
      message:
        'Caching is off: the browser storage was closed, perhaps by this page open in another tab. Reload to cache again.',
    };
  }
  if (name === 'QuotaExceededError') {
    return {
      kind: 'unavailable',
      reason: 'quota',
      message: 'Caching is off: the browser has no storage space left for this page.',
    };
  }
  if (name === 'SecurityError' || name === 'NotAllowedError' || name === 'InvalidStateError') {
    return {
      kind: 'unavailable',
      reason: 'denied',
      message:
        'Caching is off: this browser does not let the page store data (private window or site settings).',
    };
  }
  if (name === 'TimeoutError') {
    return {
      kind: 'unavailable',
      reason: 'timeout',
      message: 'Caching is off: the browser storage did not answer.',
    };
  }
  const detail = e instanceof Error || e instanceof DOMException ? ` (${e.message})` : '';
  return {
    kind: 'unavailable',
    reason: 'error',
    message: `Caching is off: browser storage failed${detail}.`,
  };
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new DOMException('IndexedDB request failed', 'UnknownError'));
  });
}

function completion(t: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    const fail = () => reject(t.error ?? new DOMException('IndexedDB transaction aborted', 'AbortError'));
    t.onerror = fail;
    t.onabort = fail;
  });
}

function openDb(factory: IDBFactory, name: string, timeoutMs: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = factory.open(name, DB_VERSION); // may throw (SecurityError): rejects this promise
    const timer = setTimeout(() => {
      settled = true;
      reject(new DOMException('Opening IndexedDB timed out', 'TimeoutError'));
    }, timeoutMs);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: 'sha256' });
      if (!db.objectStoreNames.contains(BLOBS)) db.createObjectStore(BLOBS);
    };
    req.onsuccess = () => {
      const db = req.result;
      if (settled) {
        db.close();
        return;
      }
      settled = true;
      clearTimeout(timer);
      // Another tab upgrading the schema: step aside; later calls report the problem.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(req.error ?? new DOMException('IndexedDB open failed', 'UnknownError'));
    };
    // onblocked: wait for the other connection to close; the timeout covers a tab that never does.
  });
}

/** Opens (creating on first use) the store; a StoreUnavailable when IndexedDB cannot be used. */
export async function openIdbStore(
  name: string = DEFAULT_DB_NAME,
  options: IdbStoreOptions = {},
): Promise<RecentStore | StoreUnavailable> {
  const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) {
    return {
      kind: 'unavailable',
      reason: 'no-indexeddb',
      message: 'Caching is off: this browser has no IndexedDB.',
    };
  }
  try {
    const db = await openDb(factory, name, options.openTimeoutMs ?? 5000);
    return new IdbRecentStore(db, options.budget ?? DEFAULT_BUDGET);
  } catch (e) {
    return classifyStorageError(e, 'open');
  }
}

/** True when the browser's whole quota for this origin is smaller than `size`. */
async function exceedsQuota(size: number): Promise<boolean> {
  try {
    const nav = (globalThis as { navigator?: Navigator }).navigator;
    const quota = (await nav?.storage?.estimate())?.quota;
    return quota !== undefined && size > quota;
  } catch {
    return false;
  }
}

class IdbRecentStore implements RecentStore {
  readonly kind = 'indexeddb';
  private problem: StoreUnavailable | null = null;

  constructor(
    private readonly db: IDBDatabase,
    readonly budget: number,
  ) {}

  lastProblem(): StoreUnavailable | null {
    return this.problem;
  }

  /** Runs one storage operation; any failure is recorded and replaced by `fallback`. */
  private async guard<T>(fallback: T, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      this.problem = classifyStorageError(e);
      return fallback;
    }
  }

  private async readMetas(t: IDBTransaction): Promise<RecentMeta[]> {
    const all: unknown[] = await request(t.objectStore(META).getAll());
    return all.filter(isRecentMeta);
  }

  list(): Promise<RecentMeta[]> {
    return this.guard([], async () =>
      newestFirst(await this.readMetas(this.db.transaction(META, 'readonly'))),
    );
  }

  get(sha256OrPrefix: string): Promise<{ meta: RecentMeta; bytes: Blob } | null> {
    return this.guard(null, async () => {
      const t = this.db.transaction([META, BLOBS], 'readonly');
      const meta = findByPrefix(await this.readMetas(t), sha256OrPrefix);
      if (!meta) return null;
      const bytes: unknown = await request(t.objectStore(BLOBS).get(meta.sha256));
      return bytes instanceof Blob ? { meta, bytes } : null;
    });
  }

  async put(meta: RecentMeta, bytes: Blob): Promise<PutResult> {
    const admitted = admit(meta, bytes.size, this.budget);
    if ('rejected' in admitted) return admitted.rejected;
    const { record } = admitted;
    // The browser's quota can be smaller than our budget. On QuotaExceeded, delete the oldest other
    // archive in its own transaction (Chromium does not credit deletes made in the failing
    // transaction) and retry, unless the file could never fit the quota anyway.
    const freed: string[] = [];
    for (;;) {
      try {
        const evicted = await this.writeOnce(record, bytes);
        this.problem = null;
        return { stored: true, evicted: [...freed, ...evicted] };
      } catch (e) {
        const problem = classifyStorageError(e);
        if (problem.reason !== 'quota') {
          this.problem = problem;
          return { stored: false, evicted: freed, reason: 'unavailable', message: problem.message };
        }
        const oldest = (await exceedsQuota(record.size)) ? null : await this.deleteOldest(record.sha256);
        if (oldest === null) {
          return {
            stored: false,
            evicted: freed,
            reason: 'quota',
            message: 'Not cached: the browser has no room for this file.',
          };
        }
        freed.push(oldest);
      }
    }
  }

  /** Reads, plans and writes in one readwrite transaction, so two puts cannot overlap. */
  private async writeOnce(record: RecentMeta, bytes: Blob): Promise<string[]> {
    const t = this.db.transaction([META, BLOBS], 'readwrite');
    const done = completion(t);
    done.catch(() => {}); // awaited below; avoids an unhandled rejection if readMetas throws first
    const plan = planEviction(await this.readMetas(t), record, this.budget);
    if (!plan.fits) {
      t.abort();
      throw new DOMException('The archive is larger than the budget', 'QuotaExceededError');
    }
    for (const sha of plan.evict) {
      t.objectStore(META).delete(sha);
      t.objectStore(BLOBS).delete(sha);
    }
    t.objectStore(META).put(record);
    t.objectStore(BLOBS).put(bytes, record.sha256);
    await done;
    return plan.evict;
  }

  /** Deletes the least recently opened archive other than `keep`; its key, or null if none. */
  private deleteOldest(keep: string): Promise<string | null> {
    return this.guard(null, async () => {
      const t = this.db.transaction([META, BLOBS], 'readwrite');
      const done = completion(t);
      done.catch(() => {});
      const oldest = newestFirst(await this.readMetas(t))
        .filter((m) => m.sha256 !== keep)
        .pop();
      if (oldest) {
        t.objectStore(META).delete(oldest.sha256);
        t.objectStore(BLOBS).delete(oldest.sha256);
      }
      await done;
      return oldest?.sha256 ?? null;
    });
  }

  touch(sha256: string, openedAt: number = Date.now()): Promise<void> {
    return this.guard(undefined, async () => {
      const t = this.db.transaction(META, 'readwrite');
      const done = completion(t);
      const meta: unknown = await request(t.objectStore(META).get(sha256.toLowerCase()));
      if (isRecentMeta(meta)) t.objectStore(META).put({ ...meta, openedAt });
      await done;
    });
  }

  remove(sha256: string): Promise<void> {
    return this.guard(undefined, async () => {
      const t = this.db.transaction([META, BLOBS], 'readwrite');
      t.objectStore(META).delete(sha256.toLowerCase());
      t.objectStore(BLOBS).delete(sha256.toLowerCase());
      await completion(t);
    });
  }

  clear(): Promise<void> {
    return this.guard(undefined, async () => {
      const t = this.db.transaction([META, BLOBS], 'readwrite');
      t.objectStore(META).clear();
      t.objectStore(BLOBS).clear();
      await completion(t);
    });
  }

  async usage(): Promise<number> {
    return (await this.list()).reduce((sum, m) => sum + m.size, 0);
  }
}
