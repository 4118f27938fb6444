/**
 * Recent archives kept on this machine, keyed by the input file's full SHA-256.
 * The entry point for the UI: `openRecentStore()` gives IndexedDB when it works and an in-memory
 * store (same interface, same eviction policy, gone on reload) with a reason when it does not.
 */
import { DEFAULT_DB_NAME, openIdbStore } from './recent-idb';
import {
  admit,
  DEFAULT_BUDGET,
  findByPrefix,
  newestFirst,
  planEviction,
  type PutResult,
  type RecentMeta,
  type RecentStore,
} from './recent-policy';

export * from './recent-policy';
export { classifyStorageError, openIdbStore, type IdbStoreOptions } from './recent-idb';

/** The fallback keeps Blob references only for this page's lifetime. */
export const DEFAULT_MEMORY_BUDGET = 256 * 1024 ** 2;

export function createMemoryStore(options: { budget?: number } = {}): RecentStore {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const items = new Map<string, { meta: RecentMeta; bytes: Blob }>();
  const metas = () => [...items.values()].map((i) => ({ ...i.meta }));
  return {
    kind: 'memory',
    budget,
    list: async () => newestFirst(metas()),
    get: async (prefix) => {
      const meta = findByPrefix(metas(), prefix);
      const item = meta ? items.get(meta.sha256) : undefined;
      return item ? { meta: { ...item.meta }, bytes: item.bytes } : null;
    },
    put: async (meta, bytes): Promise<PutResult> => {
      const admitted = admit(meta, bytes.size, budget);
      if ('rejected' in admitted) return admitted.rejected;
      const { record } = admitted;
      const plan = planEviction(metas(), record, budget);
      if (!plan.fits) return { stored: false, evicted: [], reason: 'too-large', message: 'Not cached.' };
      for (const sha of plan.evict) items.delete(sha);
      items.set(record.sha256, { meta: record, bytes });
      return { stored: true, evicted: plan.evict };
    },
    touch: async (sha256, openedAt = Date.now()) => {
      const item = items.get(sha256.toLowerCase());
      if (item) item.meta = { ...item.meta, openedAt };
    },
    remove: async (sha256) => {
      items.delete(sha256.toLowerCase());
    },
    clear: async () => items.clear(),
    usage: async () => metas().reduce((sum, m) => sum + m.size, 0),
    lastProblem: () => null,
  };
}

export interface OpenedRecentStore {
  store: RecentStore;
  /** True when archives survive a reload (IndexedDB). */
  persistent: boolean;
  /** Why caching is off (shown on the page), or null. */
  reason: string | null;
}

export async function openRecentStore(
  options: { name?: string; budget?: number; memoryBudget?: number; factory?: IDBFactory } = {},
): Promise<OpenedRecentStore> {
  const idb = await openIdbStore(options.name ?? DEFAULT_DB_NAME, {
    budget: options.budget,
    factory: options.factory,
  });
  if (idb.kind !== 'unavailable') return { store: idb, persistent: true, reason: null };
  return {
    store: createMemoryStore({ budget: options.memoryBudget ?? DEFAULT_MEMORY_BUDGET }),
    persistent: false,
    reason: idb.message,
  };
}
