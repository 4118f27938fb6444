/**
 * The recent-archives store as the app uses it: opened once, its list mirrored in app state, and
 * every failure turned into the quiet "caching is off" line. Nothing here leaves the machine.
 */
import type { OpenedResult } from '../worker/protocol';
import { openRecentStore, type RecentMeta, type RecentStore } from './share/recent-store';
import { app, patch, type RecentState } from './state';
import { kernelOf } from './url-sync';

let opening: Promise<RecentStore> | null = null;

function setRecent(p: Partial<RecentState>): void {
  patch({ recent: { ...app.get().recent, ...p } });
}

/** The store (opened on first use; IndexedDB, or memory with a reason). Never rejects. */
export function recentStore(): Promise<RecentStore> {
  opening ??= openRecentStore().then((o) => {
    setRecent({ persistent: o.persistent, problem: o.reason, budget: o.store.budget });
    return o.store;
  });
  return opening;
}

/** Reads the list into app state and returns it. */
export async function refreshRecent(): Promise<RecentMeta[]> {
  const store = await recentStore();
  const items = await store.list();
  const problem = store.lastProblem()?.message ?? app.get().recent.problem;
  setRecent({ ready: true, items, problem });
  return items;
}

/**
 * After an open: store the original bytes (or mark a cached archive as opened now). Every file that
 * opened is kept, even one with nothing found: its layer report is the view a reload restores.
 */
export async function rememberArchive(
  sha256: string,
  file: { name: string; bytes: Blob },
  result: OpenedResult,
): Promise<void> {
  const store = await recentStore();
  const known = (await store.list()).some((m) => m.sha256 === sha256);
  if (known) {
    await store.touch(sha256);
  } else {
    const meta: RecentMeta = { sha256, name: file.name, size: file.bytes.size, openedAt: Date.now() };
    const kernel = kernelOf(result);
    if (kernel !== undefined) meta.kernel = kernel;
    const put = await store.put(meta, file.bytes);
    if (!put.stored && put.reason === 'too-large') setRecent({ problem: put.message });
  }
  await refreshRecent();
}

/** The stored bytes of an archive, as a File named like the original; null when not cached. */
export async function cachedFile(sha256OrPrefix: string): Promise<{ file: File; meta: RecentMeta } | null> {
  const store = await recentStore();
  const hit = await store.get(sha256OrPrefix);
  if (!hit) return null;
  return { file: new File([hit.bytes], hit.meta.name), meta: hit.meta };
}

export async function removeRecent(sha256: string): Promise<void> {
  await (await recentStore()).remove(sha256);
  await refreshRecent();
}

export async function clearRecent(): Promise<void> {
  await (await recentStore()).clear();
  await refreshRecent();
}
