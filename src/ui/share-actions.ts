/**
 * Links, remote archives and recent archives: what happens when the page opens on a link, when the
 * address bar changes (Back, Forward, an edited hash), and the "Open URL" and "Recent" actions.
 */
import { applyView, notify, openInput, openSample } from './actions';
import { cancelJob, startJob } from './jobs';
import { cachedFile, refreshRecent } from './recent';
import { decideLinkTarget } from './share/link-target';
import { fetchArchive, remoteOrigin } from './share/remote';
import type { UrlState } from './share/url-state';
import { app, initialState, patch } from './state';
import { followStateInUrl, markUrlSeen, readUrl, sameArchive, urlChanged } from './url-sync';

let started = false;

/**
 * Once per page: read the link in the address bar, list the recent archives, and start watching
 * Back/Forward. Returns the listener cleanup (React's effect).
 */
export function initShare(): () => void {
  const onChange = (): void => {
    if (urlChanged()) void followUrl();
  };
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
  if (!started) {
    started = true;
    followStateInUrl();
    markUrlSeen();
    const { state, notes } = readUrl();
    if (notes.length > 0) patch({ notes });
    if (hasTarget(state)) patch({ link: { target: state, checking: true, src: null, origin: null } });
    void refreshRecent().then(() => {
      if (hasTarget(state)) return startFromLink(state, true);
      // `?sample` (what `npm start` opens) starts on the bundled sample instead of the empty page.
      if (new URLSearchParams(window.location.search).has('sample')) return openSample();
      return undefined;
    });
  }
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('hashchange', onChange);
  };
}

const hasTarget = (st: UrlState): boolean =>
  st.archive !== undefined || st.path !== undefined || st.src !== undefined;

/** Back, Forward or an edited hash: show that view, opening its archive when it is another one. */
async function followUrl(): Promise<void> {
  const { state, notes } = readUrl();
  patch({ notes });
  const s = app.get();
  const ready = s.load.phase === 'ready';
  const current = s.file?.sha256 ?? undefined;
  if (ready && (state.archive === undefined || sameArchive(state.archive.sha256, current))) {
    if (state.archive !== undefined || state.path !== undefined || state.panel !== undefined) {
      applyView(state);
    } else {
      patch({ viewer: null, selection: null });
    }
    return;
  }
  if (!hasTarget(state)) {
    // An empty hash with nothing open: drop any waiting link card.
    if (s.load.phase === 'empty') patch({ link: null });
    return;
  }
  await startFromLink(state);
}

/** Close whatever is open (or opening) and show the empty page. */
function closeArchive(): void {
  cancelJob('open');
  patch({
    load: { phase: 'empty' },
    openId: app.get().openId + 1,
    urlFollows: false,
    file: null,
    result: null,
    tree: null,
    viewer: null,
    selection: null,
    revealLine: null,
    mismatch: null,
    expanded: initialState.expanded,
    filter: '',
    focused: null,
  });
}

/**
 * A link names an archive that is not open: open it from the recent store at once, or show the
 * card (with a download offer when the link carries `src`).
 */
async function startFromLink(state: UrlState, onLoad = false): Promise<void> {
  const recent = await refreshRecent();
  // Meanwhile the address bar moved on, or (on load) the user opened a file: that wins.
  const overtaken = (): boolean =>
    !sameLink(readUrl().state, state) || (onLoad && app.get().load.phase !== 'empty');
  if (overtaken()) return;
  const d = decideLinkTarget(state, recent);
  if (d.kind === 'open-cached') {
    const hit = await cachedFile(d.sha);
    if (overtaken()) return;
    if (hit) {
      patch({ link: null });
      await openInput(hit.file, { sha256: hit.meta.sha256 });
      return;
    }
  }
  if (d.kind === 'none') {
    patch({ link: null });
    return;
  }
  if (app.get().load.phase !== 'empty') closeArchive();
  const src = state.src ?? null;
  patch({ link: { target: state, checking: false, src, origin: src === null ? null : remoteOrigin(src) } });
}

const sameLink = (a: UrlState, b: UrlState): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The card's "Dismiss": forget the link and clean the address bar. */
export function dismissLink(): void {
  patch({ link: null });
  history.replaceState(history.state, '', location.pathname + location.search);
  markUrlSeen();
}

/** Download an http(s) archive with progress, then open it. The origin is shown before this runs. */
export async function openRemote(src: string): Promise<void> {
  const origin = remoteOrigin(src);
  if (origin === null) {
    notify('Only http and https addresses can be opened.');
    return;
  }
  const signal = startJob('download');
  patch({ remote: { phase: 'fetching', src, origin, done: 0, total: null } });
  // Every chunk is reported, and shown at most every 100 ms with a trailing update, so a stalled
  // download shows the bytes it really has.
  let latest = { done: 0, total: null as number | null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (): void => {
    timer = undefined;
    if (!signal.aborted) patch({ remote: { phase: 'fetching', src, origin, ...latest } });
  };
  const r = await fetchArchive(src, {
    signal,
    progressIntervalMs: 0,
    onProgress: (done, total) => {
      latest = { done, total };
      timer ??= setTimeout(show, 100);
    },
  });
  clearTimeout(timer);
  // Cancelled (cancelRemote says so), or replaced by a dropped file (openInput cancels the job).
  if (signal.aborted) return;
  if ('error' in r) {
    patch({ remote: { phase: 'failed', src, origin, kind: r.error.kind, message: r.error.message } });
    return;
  }
  patch({ remote: null });
  const b = r.bytes;
  const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
  const bytes = whole ? (b.buffer as ArrayBuffer) : (b.slice().buffer as ArrayBuffer);
  await openInput({ bytes, name: r.name }, { src });
}

/** The download's Cancel button. */
export function cancelRemote(): void {
  cancelJob('download');
  patch({ remote: null });
  notify('Download cancelled.');
}

export const dismissRemote = (): void => patch({ remote: null });

/** Open an archive from the recent list. */
export async function openRecent(sha256: string): Promise<void> {
  const hit = await cachedFile(sha256);
  if (!hit) {
    notify('That archive is no longer in this browser.');
    await refreshRecent();
    return;
  }
  await openInput(hit.file, { sha256: hit.meta.sha256 });
}

export { clearRecent, removeRecent } from './recent';
