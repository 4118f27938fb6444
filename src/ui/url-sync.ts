/**
 * The app state ⇄ the address bar. The hash format itself lives only in share/url-state.ts; this
 * module decides what the current view is (`viewState`), when a change is a new history entry
 * (`decideHistory`), and writes it (`syncUrl`). `followStateInUrl` subscribes to the store so the
 * address bar follows the view without any action having to remember to update it.
 */
import type { OpenedResult } from '../worker/protocol';
import { addCompareView } from './compare-url';
import { linkSha } from './share/fingerprint';
import { formatHash, historyAction, parseHash, shareUrl, type Panel, type UrlState } from './share/url-state';
import { app, type AppState } from './state';

/** The kernel version to name an archive by, when known. */
export function kernelOf(result: OpenedResult | null): string | undefined {
  return result?.kernel.version ?? result?.headers?.kernelVersion ?? undefined;
}

/** The panel worth recording: config, checks or layers when shown, else the file when one is open. */
export function panelOf(s: Pick<AppState, 'left' | 'right' | 'viewer'>): Panel | undefined {
  if (s.right === 'config') return 'config';
  if (s.right === 'checks') return 'checks';
  if (s.left === 'layers') return 'layers';
  if (s.viewer) return 'file';
  return undefined;
}

/** What the address bar (and a copied link) should say about the current view. */
export function viewState(s: AppState): UrlState {
  const st: UrlState = { v: 1 };
  if (s.file?.sha256) {
    st.archive = { sha256: linkSha(s.file.sha256), name: s.file.name };
    const k = kernelOf(s.result);
    if (k !== undefined) st.archive.kernel = k;
  }
  if (s.viewer) {
    st.path = s.viewer.path;
    if (s.selection) st.lines = { ...s.selection.range };
  }
  const panel = panelOf(s);
  if (panel !== undefined) st.panel = panel;
  if (s.file?.src !== undefined) st.src = s.file.src;
  if (s.left === 'search' && s.search && s.search.pattern !== '') st.search = { ...s.search };
  addCompareView(st);
  return st;
}

/** Two fingerprints name the same archive when one is a prefix of the other (links carry 12–64 chars). */
export function sameArchive(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && (a.startsWith(b) || b.startsWith(a));
}

/**
 * Like `historyAction` (a new file or archive pushes; lines and panel replace), except that the
 * page learning the fingerprint of the archive it shows (none before, or a longer or shorter
 * prefix) is not a move: it replaces.
 */
export function decideHistory(prev: UrlState, next: UrlState): 'push' | 'replace' | 'none' {
  if (formatHash(prev) === formatHash(next)) return 'none';
  const p = prev.archive?.sha256;
  const archiveKept = p === undefined || sameArchive(p, next.archive?.sha256);
  if (archiveKept && prev.path === next.path) return 'replace';
  return historyAction(prev, next) === 'none' ? 'replace' : 'push';
}

/** The hash this module last wrote or saw, so our own writes are not taken for navigation. */
let lastHash = typeof location === 'undefined' ? '' : location.hash;

export const readUrl = () => parseHash(location.hash);

/** True when the address bar changed since we last wrote or applied it (and records it). */
export function urlChanged(): boolean {
  if (location.hash === lastHash) return false;
  lastHash = location.hash;
  return true;
}

export function markUrlSeen(): void {
  lastHash = location.hash;
}

/** Writes `next` (default: the current view) with push or replace as `decideHistory` says. */
export function syncUrl(s: AppState, mode: 'auto' | 'replace' = 'auto'): void {
  const next = viewState(s);
  const hash = formatHash(next);
  if (hash === location.hash) return;
  let action = decideHistory(readUrl().state, next);
  // Same state in a different spelling (a hand-written link): write the canonical form in place.
  if (action === 'none' || mode === 'replace') action = 'replace';
  const url = hash === '' ? location.pathname + location.search : hash;
  if (action === 'push') history.pushState(null, '', url);
  else history.replaceState(history.state, '', url);
  lastHash = location.hash;
}

/** The link to the current view; `lines` overrides the selection ("Copy link to these lines"). */
export function currentLink(s: AppState, lines?: { start: number; end: number }): string {
  const st = viewState(s);
  if (lines && st.path !== undefined) st.lines = lines;
  return shareUrl(location.href, st);
}

/**
 * Keep the address bar in step with the view: every store change that touches what a link records
 * (archive, file, lines, panel, search) is written, once an open has settled (`urlFollows`). Call once.
 */
export function followStateInUrl(): () => void {
  let last: readonly unknown[] = [];
  return app.subscribe(() => {
    const s = app.get();
    if (s.load.phase !== 'ready' || !s.urlFollows) return;
    const recorded = [s.file, s.result, s.viewer?.path, s.selection, s.left, s.right, s.search];
    if (recorded.length === last.length && recorded.every((v, i) => Object.is(v, last[i]))) return;
    last = recorded;
    syncUrl(s);
  });
}
