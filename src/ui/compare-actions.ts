/**
 * Everything that changes the comparison: open a second artifact (file input, drop zone, recent
 * list), close it, pick a path for its line diff, the tree's view, and a link's wanted second file.
 */
import type { DiffNode } from '../core/compare/tree-diff';
import { notify } from './actions';
import type { OpenInput } from './bridge';
import { closeCompare, compareWith, lineDiff } from './compare-bridge';
import {
  compare,
  compareInitial,
  patchCompare,
  type ComparePanel,
  type DiffLayout,
  type DiffLines,
} from './compare-state';
import { cachedFile, rememberArchive } from './recent';
import { sha256Hex } from './share/fingerprint';
import { app } from './state';
import type { CompareRef } from './share/url-state';
import { readUrl, syncUrl } from './url-sync';

/** Hunks get this many lines of context (diff -u); "whole file" asks for all of it. */
export const CONTEXT = 3;
const WHOLE = 1 << 30;

export async function compareWithFile(input: OpenInput): Promise<void> {
  const s = app.get();
  if (s.load.phase !== 'ready' || !s.result) {
    notify('Open an archive first, then compare it with another.');
    return;
  }
  const openId = s.openId;
  const original: Blob = input instanceof Blob ? input : new Blob([input.bytes]);
  const size = input instanceof Blob ? input.size : input.bytes.byteLength;
  const { wanted, layout } = compare.get();
  compare.set({
    ...compareInitial,
    phase: 'opening',
    other: { name: input.name, size, sha256: null },
    wanted,
    layout,
  });
  for (const m of [
    'khi:compare-start',
    'khi:compare-ready',
    'khi:compare-received',
    'khi:w:compare-open',
    'khi:w:compare-decoded',
    'khi:w:compare-hashed',
    'khi:w:compare-diffed',
  ])
    performance.clearMarks(m);
  performance.mark('khi:compare-start');
  const stale = (): boolean => app.get().openId !== openId || compare.get().other?.name !== input.name;
  try {
    const c = await compareWith(input);
    if (stale()) return;
    const tree = c.comparison.tree;
    const expanded = new Set(['']);
    if (tree.children?.length === 1 && tree.children[0]!.children) expanded.add(tree.children[0]!.path);
    patchCompare({
      phase: 'ready',
      result: c.other,
      comparison: c.comparison,
      treeMs: c.ms,
      expanded,
      focused: tree.children?.[0]?.path ?? null,
    });
  } catch (e) {
    if (!stale()) patchCompare({ phase: 'failed', error: e instanceof Error ? e.message : String(e) });
    return;
  }
  const sha256 = await sha256Hex(original).catch(() => null);
  const now = compare.get();
  if (stale() || !now.other) return;
  patchCompare({ other: { ...now.other, sha256 } });
  if (wanted) answerWanted(sha256);
  // The second artifact joins the recent list too, so it can be picked again.
  if (sha256 && now.result)
    void rememberArchive(sha256, { name: input.name, bytes: original }, now.result).catch(() => undefined);
}

/** Compare with an archive kept in this browser's recent list. */
export async function compareWithRecent(sha256: string): Promise<void> {
  const hit = await cachedFile(sha256).catch(() => null);
  if (!hit) {
    notify('That archive is no longer in this browser.');
    return;
  }
  await compareWithFile(hit.file);
}

/** A link named the second artifact: show its path, lines and panel, or say it is another file. */
function answerWanted(sha256: string | null): void {
  const w = compare.get().wanted;
  patchCompare({ wanted: null });
  if (!w) return;
  if (!sha256 || !sha256.startsWith(w.archive.sha256)) {
    notify(`This is not the file the link compares with (${w.archive.name || w.archive.sha256}).`);
    return;
  }
  const url = readUrl().state;
  if (w.panel) patchCompare({ panel: w.panel });
  if (url.path !== undefined) {
    const lines: DiffLines | undefined = w.lines
      ? { side: 'b', ...w.lines }
      : url.lines
        ? { side: 'a', ...url.lines }
        : undefined;
    void selectDiffPath(url.path, lines);
  }
}

export function closeComparison(): void {
  compare.set({ ...compareInitial });
  void closeCompare();
  syncUrl(app.get());
}

function findDiffNode(root: DiffNode, path: string): DiffNode | null {
  let n: DiffNode | undefined = root;
  if (path === '') return root;
  for (const name of path.split('/')) {
    n = n?.children?.find((k) => k.name === name);
    if (!n) return null;
  }
  return n;
}

/** Every folder above a path, so it can be revealed. */
function withAncestors(expanded: ReadonlySet<string>, path: string): Set<string> {
  const out = new Set(expanded);
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) out.add(parts.slice(0, i).join('/'));
  return out;
}

/** Show a path: a folder opens or closes; a file's line diff is computed in the worker. */
export async function selectDiffPath(path: string, lines?: DiffLines): Promise<void> {
  const c = compare.get();
  const node = c.comparison ? findDiffNode(c.comparison.tree, path) : null;
  if (!node) {
    notify(`Neither archive has ${path}.`);
    return;
  }
  if (node.children) {
    setDiffExpanded(path, !c.expanded.has(path));
    patchCompare({ focused: path });
    return;
  }
  patchCompare({
    focused: path,
    expanded: withAncestors(c.expanded, path),
    panel: 'lines',
    lines: lines ?? null,
  });
  await loadLineDiff(path, c.diff?.path === path ? c.diff.whole : false);
}

export async function loadLineDiff(path: string, whole: boolean): Promise<void> {
  performance.clearMarks('khi:linediff-ready');
  performance.mark('khi:linediff-start');
  patchCompare({ diff: { path, loading: true, reply: null, error: null, whole } });
  try {
    const reply = await lineDiff(path, whole ? WHOLE : CONTEXT);
    if (compare.get().diff?.path !== path) return;
    patchCompare({ diff: { path, loading: false, reply, error: null, whole } });
  } catch (e) {
    if (compare.get().diff?.path !== path) return;
    const error = e instanceof Error ? e.message : String(e);
    patchCompare({ diff: { path, loading: false, reply: null, error, whole } });
  }
}

export function setDiffExpanded(path: string, open: boolean): void {
  const e = compare.get().expanded;
  if (e.has(path) === open) return;
  const next = new Set(e);
  if (open) next.add(path);
  else next.delete(path);
  patchCompare({ expanded: next });
}

export const setDiffFocused = (focused: string | null): void => patchCompare({ focused });
export const setOnlyChanges = (onlyChanges: boolean): void => patchCompare({ onlyChanges });
export const setIgnoreMeta = (ignoreMeta: boolean): void => patchCompare({ ignoreMeta });
export const setComparePanel = (panel: ComparePanel): void => patchCompare({ panel });
export const setConfigQuery = (configQuery: string): void => patchCompare({ configQuery });
export const setDiffLines = (lines: DiffLines | null): void => patchCompare({ lines });
export const setDiffLayout = (layout: DiffLayout): void => patchCompare({ layout });
export const setCompareOffer = (offer: boolean): void => patchCompare({ offer });

/**
 * Call once: a new primary archive ends the comparison (and takes a link's wanted second file
 * from the address bar, kept only if the archive opened is the link's first one), and the address
 * bar follows the comparison's view.
 */
export function initCompare(): () => void {
  let openId = app.get().openId;
  /** The fingerprint prefix of the first archive the wanted comparison belongs to. */
  let wantedFor: string | null = null;
  const takeWanted = (): CompareRef | null => {
    const url = readUrl().state;
    wantedFor = url.archive?.sha256 ?? null;
    return url.compare ?? null;
  };
  patchCompare({ wanted: takeWanted() });
  const offApp = app.subscribe(() => {
    const s = app.get();
    if (s.openId === openId) return;
    openId = s.openId;
    const wasOn = compare.get().phase !== 'off';
    compare.set({ ...compareInitial, layout: compare.get().layout, wanted: takeWanted() });
    if (wasOn) void closeCompare();
  });
  // Once the first archive's fingerprint is known: another archive drops the wanted second file
  // (the address bar still held the last comparison); the link's own first archive keeps it, and
  // a second file kept in the recent list opens by itself.
  let tried = -1;
  const offReady = app.subscribe(() => {
    const s = app.get();
    const c = compare.get();
    const sha = s.file?.sha256;
    if (s.load.phase !== 'ready' || !sha || c.phase !== 'off' || !c.wanted || tried === s.openId) return;
    tried = s.openId;
    if (!wantedFor || !sha.startsWith(wantedFor)) {
      patchCompare({ wanted: null });
      return;
    }
    void cachedFile(c.wanted.archive.sha256)
      .catch(() => null)
      .then((hit) => {
        if (hit && app.get().openId === tried && compare.get().phase === 'off')
          void compareWithFile(hit.file);
      });
  });
  let last: unknown[] = [];
  const offCompare = compare.subscribe(() => {
    const c = compare.get();
    const recorded = [c.phase, c.other?.sha256, c.diff?.path, c.lines, c.panel];
    if (recorded.every((v, i) => Object.is(v, last[i]))) return;
    last = recorded;
    const s = app.get();
    if (s.load.phase === 'ready' && s.urlFollows) syncUrl(s);
  });
  return () => {
    offApp();
    offReady();
    offCompare();
  };
}
