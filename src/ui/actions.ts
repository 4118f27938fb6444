/**
 * Everything that changes app state or talks to the worker. Components call these; they never
 * touch the bridge or the URL themselves.
 */
import type { Layer, Progress } from '../core/types';
import { findNode } from '../core/tree';
import { bridge, KhiRequestError, type OpenInput, type Opened } from './bridge';
import { cancelJob, jobSignal, startJob } from './jobs';
import { clampRange, clickLine, selectionFromRange } from './line-selection';
import { rememberArchive } from './recent';
import { sha256Hex } from './share/fingerprint';
import { decideLinkTarget } from './share/link-target';
import type { LineRange, UrlState } from './share/url-state';
import { app, patch, type AppState, type LeftTab, type RightTab } from './state';
import { basename } from './format';
import { downloadName, layerDownloadName } from './download-name';
import { currentLink, readUrl } from './url-sync';
import type { PeekReply } from '../worker/protocol';

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
  // Built left to right: a path may be thousands of folders deep.
  let at = '';
  for (let i = 0; i < parts.length - 1; i++) out.push((at = i ? `${at}/${parts[i]}` : parts[i]!));
  return out;
}

/** Add one line to the dismissible notes banner. */
export function addNote(text: string): void {
  const notes = app.get().notes;
  if (!notes.includes(text)) patch({ notes: [...notes, text] });
}

export const dismissNotes = (): void => patch({ notes: [] });

export interface OpenOptions {
  /** The http(s) URL the input was downloaded from (kept in links). */
  src?: string;
  /** The input's full SHA-256 when already known (it came from the recent store). */
  sha256?: string;
}

/** How long to wait for the worker's digest before hashing here instead. */
const DIGEST_WAIT_MS = 20_000;

/**
 * Open a file: one 'open' job (opening another file, or closing, aborts it; so does a download
 * that is replaced by this file). Each step below checks the job's signal before it touches state.
 */
export async function openInput(input: OpenInput, opts: OpenOptions = {}): Promise<void> {
  markOpenStart();
  const signal = startJob('open');
  cancelJob('download');
  // The view the address bar asks for; it is applied only if this file is that archive.
  const wanted = readUrl().state;
  // Keep the original bytes (they are transferred to the worker) for the recent store.
  const original: Blob = input instanceof Blob ? input : new Blob([input.bytes]);
  const started = resetForOpen(input, opts);
  const fingerprint = watchFingerprint(signal);
  let opened: Opened;
  try {
    opened = await bridge.open(input, {
      signal,
      onProgress: progressReporter(signal, started),
      onDigest: fingerprint.onDigest,
      onConfig: (config, configText) => {
        const r = app.get().result;
        if (!signal.aborted && r) patch({ result: { ...r, config, configText, configPending: false } });
      },
    });
  } catch (e) {
    if (!signal.aborted) showOpenFailure(e);
    return;
  }
  if (signal.aborted) return;
  showResult(opened);
  void loadChecks(signal);
  const { result } = opened;
  const sha256 = await settleFingerprint(opts.sha256, fingerprint.digest, original, signal);
  // An archive that was shown joins the recent list even if another open replaced it meanwhile
  // (the worker then sends no digest, so the page hashed it).
  if (sha256) void rememberArchive(sha256, { name: input.name, bytes: original }, result);
  if (signal.aborted) return;
  goToWanted(wanted, sha256);
  // From here on the address bar follows the view (url-sync.ts subscribes to the store).
  patch({ urlFollows: true });
}

function markOpenStart(): void {
  for (const m of ['khi:open-start', 'khi:tree-ready', 'khi:result']) performance.clearMarks(m);
  performance.mark('khi:open-start');
}

/** Forget the previous archive's view; returns the start time (for the progress rate). */
function resetForOpen(input: OpenInput, opts: OpenOptions): number {
  const started = performance.now();
  const size = input instanceof Blob ? input.size : input.bytes.byteLength;
  const file: AppState['file'] = { name: input.name, size, sha256: opts.sha256 ?? null };
  if (opts.src !== undefined) file.src = opts.src;
  patch({
    load: { phase: 'opening', progress: null, startedAt: started, rate: 0 },
    openId: app.get().openId + 1,
    urlFollows: false,
    file,
    mismatch: null,
    // This file answers a failed download ("download it yourself, then drop it here") and
    // replaces one still running.
    remote: null,
    result: null,
    tree: null,
    expanded: new Set(['']),
    filter: '',
    focused: null,
    viewer: null,
    selection: null,
    revealLine: null,
    checks: null,
  });
  return started;
}

/** Progress into state, with a rate measured per stage and layer. */
function progressReporter(signal: AbortSignal, started: number): (p: Progress) => void {
  let stage = { name: '', at: started, bytes: 0 };
  return (p) => {
    const now = performance.now();
    const key = `${p.stage}|${p.layer ?? ''}`;
    if (key !== stage.name) stage = { name: key, at: now, bytes: p.bytesDone };
    const dt = (now - stage.at) / 1000;
    const rate = dt > 0.05 ? (p.bytesDone - stage.bytes) / dt : 0;
    if (!signal.aborted) patch({ load: { phase: 'opening', progress: p, startedAt: started, rate } });
  };
}

/**
 * The worker sends the input's SHA-256 after the result; show it as soon as it comes. Another open
 * stops the worker's digest of this one, so an abort settles it as null (the page hashes instead).
 */
function watchFingerprint(signal: AbortSignal): {
  digest: Promise<string | null>;
  onDigest: (sha: string) => void;
} {
  let gotDigest: (sha256: string | null) => void = () => {};
  const digest = new Promise<string | null>((resolve) => (gotDigest = resolve));
  signal.addEventListener('abort', () => gotDigest(null), { once: true });
  const onDigest = (sha256: string): void => {
    gotDigest(sha256);
    const s = app.get();
    if (!signal.aborted && s.file && !s.file.sha256) patch({ file: { ...s.file, sha256 } });
  };
  return { digest, onDigest };
}

/** The fingerprint: known (recent store), from the worker, or computed here as a fallback. */
async function settleFingerprint(
  known: string | undefined,
  digest: Promise<string | null>,
  original: Blob,
  signal: AbortSignal,
): Promise<string | null> {
  const sha256 =
    known ??
    (await Promise.race([digest, new Promise<null>((r) => setTimeout(() => r(null), DIGEST_WAIT_MS))])) ??
    (await sha256Hex(original).catch(() => null));
  const s = app.get();
  if (!signal.aborted && sha256 && s.file && s.file.sha256 !== sha256) patch({ file: { ...s.file, sha256 } });
  return sha256;
}

/** The result on screen: tree (one lone top folder opened), and the tab worth looking at first. */
function showResult({ result, tree }: Opened): void {
  performance.mark('khi:result');
  const expanded = new Set(['']);
  if (tree?.children?.length === 1 && tree.children[0]!.type === 'dir') expanded.add(tree.children[0]!.path);
  // Without a tree the Headers tab says what was scanned and looked for; the layers are one click away.
  const left: LeftTab = 'tree';
  const right: RightTab =
    result.configText && !tree
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
  // No tree to wait for: the result view itself is what the user waits for.
  if (!tree) requestAnimationFrame(() => performance.mark('khi:tree-ready'));
}

function showOpenFailure(e: unknown): void {
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

/**
 * After an open: if the address bar (or a link card) named this archive, go to its file and lines.
 * A different archive while a link was waiting for its file gets the "fingerprint differs" warning.
 */
function goToWanted(wanted: UrlState, sha256: string | null): void {
  const answering = app.get().link !== null;
  patch({ link: null });
  if (wanted.archive === undefined && wanted.path === undefined) return;
  if (sha256 === null) {
    if (answering && wanted.archive !== undefined) {
      const message =
        "This file's fingerprint could not be computed, so it cannot be checked against the link." +
        (wanted.path !== undefined ? ` Try ${wanted.path} anyway?` : '');
      patch({ mismatch: { message, target: wanted } });
    }
    return;
  }
  const d = decideLinkTarget(wanted, [], { sha256 });
  if (d.kind === 'match') applyView(wanted);
  else if (d.kind === 'mismatch' && answering) patch({ mismatch: { message: d.message, target: wanted } });
}

/** Show a view from a link or from history: panel, file and lines (no fingerprint check here). */
export function applyView(st: UrlState): void {
  const s = app.get();
  if (st.path !== undefined) {
    const node = s.tree ? findNode(s.tree, st.path) : null;
    if (node) void openPath(st.path, st.lines ?? null);
    else addNote(`This archive has no ${st.path}; the link's file could not be shown.`);
  } else if (s.viewer) {
    patch({ viewer: null, selection: null });
  }
  // After openPath, which shows the file tab: the link's panel wins.
  const now = app.get();
  const p: Partial<AppState> = {};
  if (st.panel === 'layers') p.left = 'layers';
  else if (st.panel === 'tree') p.left = 'tree';
  else if (st.panel === 'config' && now.result?.configText) p.right = 'config';
  else if (st.panel === 'file') p.right = 'file';
  else if (st.panel === 'checks') p.right = 'checks';
  // A search in the link opens the Search tab; search-actions.ts runs it.
  if (st.search) {
    p.search = st.search;
    p.left = 'search';
  } else if (st.panel === 'search') p.left = 'search';
  if (Object.keys(p).length > 0) patch(p);
}

/** The readiness checks, run in the worker right after the result (they need its entries). */
async function loadChecks(signal: AbortSignal): Promise<void> {
  try {
    const checks = await bridge.checks();
    if (!signal.aborted) patch({ checks });
  } catch {
    /* the worker was replaced (cancel, another open): that open loads its own */
  }
}

/** "Try the path anyway" after a fingerprint mismatch. */
export function tryPathAnyway(): void {
  const m = app.get().mismatch;
  patch({ mismatch: null });
  if (m) applyView(m.target);
}

export const dismissMismatch = (): void => patch({ mismatch: null });

/** The Cancel button: stop the running open and go back to the empty page. */
export function cancelOpen(): void {
  if (!bridge.busy) return;
  cancelJob('open');
  patch({ load: { phase: 'empty' }, file: null });
  notify('Cancelled.');
}

/** Bytes around a layer's start, for the layer report's hex peek. */
export const peekLayer = (layerId: number, before: number, after: number): Promise<PeekReply> =>
  bridge.peek(layerId, before, after);

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

export async function openPath(path: string, lines: LineRange | null = null): Promise<void> {
  const s = app.get();
  const node = s.tree ? findNode(s.tree, path) : null;
  if (!node) return;
  if (node.type === 'dir') {
    reveal(path);
    return;
  }
  reveal(path);
  // Already shown (a link or history entry that only changes the lines): no need to read it again.
  if (s.viewer?.path === path && s.viewer.bytes && lines) {
    showLines(path, s.viewer.bytes, lines);
    return;
  }
  const signal = jobSignal('open');
  patch({
    viewer: { path, bytes: null, loading: true, error: null },
    selection: null,
    right: 'file',
    revealLine: null,
  });
  try {
    const bytes = await bridge.read(path);
    const now = app.get();
    if (signal.aborted || now.viewer?.path !== path) return;
    if (typeof bytes === 'string') {
      patch({ viewer: { path, bytes: null, loading: false, error: bytes } });
      return;
    }
    patch({ viewer: { path, bytes, loading: false, error: null } });
    showLines(path, bytes, lines);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    patch({ viewer: { path, bytes: null, loading: false, error: msg } });
  }
}

function showLines(path: string, bytes: Uint8Array, lines: LineRange | null): void {
  const lineCount = countLines(bytes);
  const range = clampRange(lines, lineCount);
  if (lines && !range) {
    addNote(
      `${path} has ${lineCount.toLocaleString('en-US')} lines; the link's line ${lines.start.toLocaleString('en-US')} is past its end.`,
    );
  }
  patch({ selection: selectionFromRange(range), revealLine: range?.start ?? null });
}

function countLines(bytes: Uint8Array): number {
  let n = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) n++;
  if (bytes.length && bytes[bytes.length - 1] === 10) n--;
  return n;
}

export function clickLineNumber(line: number, shift: boolean): void {
  patch({ selection: clickLine(app.get().selection, line, shift) });
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
  // Both parts come from the input (a link's file name, folder names in the archive).
  const name = downloadName(folder === '' ? `${base}-headers.tar` : `${folder.replace(/\//g, '-')}.tar`);
  notify(`Exporting ${folder || 'the whole archive'}…`);
  try {
    const { tar, skipped } = await bridge.exportTar(folder);
    downloadBytes(tar, name, 'application/x-tar');
    notify(`Exported ${name} (${tar.length.toLocaleString('en-US')} bytes).`);
    patch({ exportSkipped: skipped.length ? { file: name, skipped } : null });
  } catch (e) {
    notify(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Save a layer's bytes as stored, or a codec layer's decoded output (`decoded`), as a download. */
export async function saveLayer(layer: Layer, decoded: boolean): Promise<void> {
  const name = layerDownloadName(app.get().file?.name ?? 'input', layer, decoded);
  notify(`Saving ${name}…`);
  try {
    const bytes = await bridge.layerBytes(layer.id, decoded);
    if (!bytes) {
      notify(`${name} was not saved: its bytes are more than the worker may keep in memory to decode again.`);
      return;
    }
    downloadBytes(bytes, name);
    notify(`Saved ${name} (${bytes.length.toLocaleString('en-US')} bytes).`);
  } catch (e) {
    notify(`${name} was not saved: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const dismissExportSkipped = (): void => patch({ exportSkipped: null });

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

/**
 * Copy a link to the current view (or to `lines` of the open file). Returns true when it was copied.
 * The link carries the fingerprint, so it waits for it.
 */
export async function copyLink(lines?: LineRange): Promise<boolean> {
  const s = app.get();
  if (!s.file?.sha256) {
    notify('The link is not ready yet: the fingerprint is still being computed.');
    return false;
  }
  const url = currentLink(s, lines);
  try {
    await navigator.clipboard.writeText(url);
    notify(lines ? 'Link to these lines copied.' : 'Link copied.');
    return true;
  } catch {
    notify('Could not copy the link (clipboard not available); the address bar holds the same link.');
    return false;
  }
}
