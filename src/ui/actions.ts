/**
 * Everything that changes app state or talks to the worker. Components call these; they never
 * touch the bridge or the URL themselves.
 */
import type { Progress } from '../core/types';
import { buildTree, findNode } from '../core/tree';
import { bridge, KhiRequestError, type OpenInput } from './bridge';
import { readHash, writeHash } from './hash';
import { clampRange, clickLine, selectionFromRange } from './line-selection';
import { app, patch, type LeftTab, type RightTab } from './state';
import { basename } from './format';

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
export function notify(text: string): void {
  patch({ notice: text });
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => patch({ notice: null }), 2500);
}

/** Every ancestor folder of a path ("a/b/c" → "", "a", "a/b"). */
export function ancestors(path: string): string[] {
  const out = [''];
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

function syncHash(): void {
  const s = app.get();
  writeHash({ path: s.viewer?.path ?? null, lines: s.selection?.range ?? null });
}

export async function openInput(input: OpenInput): Promise<void> {
  performance.clearMarks('khi:open-start');
  performance.clearMarks('khi:tree-ready');
  performance.clearMarks('khi:result');
  performance.mark('khi:open-start');
  const name = input.name;
  const size = input instanceof Blob ? input.size : input.bytes.byteLength;
  const openId = app.get().openId + 1;
  const started = performance.now();
  let stage = { name: '', at: started, bytes: 0 };
  const wanted = readHash();
  patch({
    load: { phase: 'opening', progress: null, startedAt: started, rate: 0 },
    openId,
    file: { name, size, sha256: null },
    result: null,
    tree: null,
    expanded: new Set(['']),
    filter: '',
    focused: null,
    viewer: null,
    selection: null,
    revealLine: null,
  });
  const onProgress = (p: Progress): void => {
    const now = performance.now();
    const key = `${p.stage}|${p.layer ?? ''}`;
    if (key !== stage.name) stage = { name: key, at: now, bytes: p.bytesDone };
    const dt = (now - stage.at) / 1000;
    const rate = dt > 0.05 ? (p.bytesDone - stage.bytes) / dt : 0;
    if (app.get().openId !== openId) return;
    patch({ load: { phase: 'opening', progress: p, startedAt: started, rate } });
  };
  const onDigest = (sha256: string): void => {
    const s = app.get();
    if (s.openId === openId && s.file) patch({ file: { ...s.file, sha256 } });
  };
  try {
    const result = await bridge.open(input, { onProgress, onDigest });
    if (app.get().openId !== openId) return;
    performance.mark('khi:result');
    const tree = result.entries.length ? buildTree(result.entries) : null;
    const expanded = new Set(['']);
    // A single top-level folder (rare) is opened for the user.
    if (tree?.children?.length === 1 && tree.children[0]!.type === 'dir')
      expanded.add(tree.children[0]!.path);
    const hasTree = tree !== null;
    // Without a tree the Headers tab says what was scanned and looked for; the layers are one click away.
    const left: LeftTab = 'tree';
    const right: RightTab =
      result.configText && !hasTree
        ? 'config'
        : result.errors.some((e) => e.severity === 'error')
          ? 'problems'
          : 'file';
    patch({
      load: { phase: 'ready' },
      result,
      tree,
      expanded,
      left,
      right,
      focused: tree?.children?.[0]?.path ?? null,
    });
    if (!tree) {
      // No tree to wait for: the result view itself is what the user waits for.
      requestAnimationFrame(() => performance.mark('khi:tree-ready'));
    }
    if (wanted.path && tree && findNode(tree, wanted.path)) {
      void openPath(wanted.path, wanted.lines);
    } else if (wanted.path || wanted.lines) {
      writeHash({ path: null, lines: null });
    }
  } catch (e) {
    if (app.get().openId !== openId) return;
    const info =
      e instanceof KhiRequestError
        ? e.info
        : {
            code: 'internal' as const,
            message: e instanceof Error ? e.message : String(e),
            severity: 'error' as const,
          };
    if (info.code === 'cancelled') {
      patch({ load: { phase: 'empty' }, file: null });
      notify('Cancelled.');
    } else {
      patch({ load: { phase: 'failed', error: info } });
    }
  }
}

export function cancelOpen(): void {
  if (!bridge.busy) return;
  bridge.cancel();
}

export async function openSample(): Promise<void> {
  const res = await fetch('./samples/sample-kernel.bin');
  if (!res.ok) {
    notify(`Could not load the sample (${res.status}).`);
    return;
  }
  const bytes = await res.arrayBuffer();
  await openInput({ bytes, name: 'sample-kernel.bin' });
}

/** Reveal a path in the tree: expand its ancestors and focus it. */
export function reveal(path: string): void {
  const s = app.get();
  const expanded = new Set(s.expanded);
  for (const a of ancestors(path)) expanded.add(a);
  patch({ expanded, focused: path, left: 'tree' });
}

export async function openPath(
  path: string,
  lines: { start: number; end: number } | null = null,
): Promise<void> {
  const s = app.get();
  const node = s.tree ? findNode(s.tree, path) : null;
  if (!node) return;
  if (node.type === 'dir') {
    reveal(path);
    return;
  }
  reveal(path);
  const openId = s.openId;
  patch({
    viewer: { path, bytes: null, loading: true, error: null },
    selection: null,
    right: 'file',
    revealLine: null,
  });
  syncHash();
  try {
    const bytes = await bridge.read(path);
    const now = app.get();
    if (now.openId !== openId || now.viewer?.path !== path) return;
    if (!bytes) {
      patch({ viewer: { path, bytes: null, loading: false, error: 'This entry has no readable data.' } });
      return;
    }
    const lineCount = countLines(bytes);
    const range = clampRange(lines, lineCount);
    patch({
      viewer: { path, bytes, loading: false, error: null },
      selection: selectionFromRange(range),
      revealLine: range?.start ?? null,
    });
    syncHash();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    patch({ viewer: { path, bytes: null, loading: false, error: msg } });
  }
}

function countLines(bytes: Uint8Array): number {
  let n = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) n++;
  if (bytes.length && bytes[bytes.length - 1] === 10) n--;
  return n;
}

export function clickLineNumber(line: number, shift: boolean): void {
  patch({ selection: clickLine(app.get().selection, line, shift) });
  syncHash();
}

export function clearSelection(): void {
  patch({ selection: null });
  syncHash();
}

export function setExpanded(path: string, open: boolean): void {
  const s = app.get();
  if (s.expanded.has(path) === open) return;
  const expanded = new Set(s.expanded);
  if (open) expanded.add(path);
  else expanded.delete(path);
  patch({ expanded });
}

export function expandMany(paths: string[]): void {
  const expanded = new Set(app.get().expanded);
  for (const p of paths) expanded.add(p);
  patch({ expanded });
}

export const setFocused = (path: string | null): void => patch({ focused: path });
export const setSort = (sort: 'name' | 'size'): void => patch({ sort });
export const setFilter = (filter: string): void => patch({ filter });
export const setLeft = (left: LeftTab): void => patch({ left });
export const setRight = (right: RightTab): void => patch({ right });
export const setDragging = (dragging: boolean): void => {
  if (app.get().dragging !== dragging) patch({ dragging });
};
export const revealDone = (): void => patch({ revealLine: null });

export function downloadBytes(bytes: Uint8Array, name: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportFolder(folder: string): Promise<void> {
  const s = app.get();
  const base = (s.file?.name ?? 'archive').replace(/\.(tar\.xz|ko|bin|gz|img)$/i, '');
  const name = folder === '' ? `${base}-headers.tar` : `${folder.replace(/\//g, '-')}.tar`;
  notify(`Exporting ${folder || 'the whole archive'}…`);
  try {
    const tar = await bridge.exportTar(folder);
    downloadBytes(tar, name, 'application/x-tar');
    notify(`Exported ${name} (${tar.length.toLocaleString('en-US')} bytes).`);
  } catch (e) {
    notify(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function downloadViewerFile(): void {
  const v = app.get().viewer;
  if (v?.bytes) downloadBytes(v.bytes, basename(v.path), 'text/plain');
}

export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notify(`Copied ${what}.`);
  } catch {
    notify(`Could not copy ${what} (clipboard not available).`);
  }
}
