/**
 * What to do when the page opens on a link, and when a file is dropped (or fetched) while a link
 * is pending. Pure: the UI supplies the parsed state, the recent-archives list and, after a drop,
 * the dropped file's full SHA-256.
 */
import type { RecentMeta } from './recent-policy';
import { findByPrefix } from './recent-policy';
import { remoteOrigin } from './remote';
import type { LineRange, UrlState } from './url-state';

/** Characters of the fingerprint shown in cards ("sha256 1a2b3c4d…"). */
export const SHA_DISPLAY_CHARS = 8;

/** The parts of a card, for a UI that wants to render path and name as code. */
export interface LinkTargetSummary {
  path?: string;
  lines?: LineRange;
  name?: string;
  shaShort?: string;
  kernel?: string;
}

export type LinkDecision =
  /** Nothing to locate: the link carries no archive, path or src. */
  | { kind: 'none' }
  /** The archive is in the recent store: open `sha` (the full key) at once. */
  | { kind: 'open-cached'; sha: string }
  /** Not cached but the link says where to get it: show `origin`, then fetchArchive(src). */
  | { kind: 'fetch'; src: string; origin: string }
  /** Show the card and wait for a drop. */
  | { kind: 'ask-for-file'; message: string; target: LinkTargetSummary }
  /** The dropped/fetched file is not the one the link names; offer to try the path anyway. */
  | { kind: 'mismatch'; expected: string; got: string; message: string }
  /** Go to the target. `verified` is false when the link had no fingerprint to check. */
  | { kind: 'match'; verified: boolean };

export function shortSha(sha: string): string {
  return sha.length > SHA_DISPLAY_CHARS ? `${sha.slice(0, SHA_DISPLAY_CHARS)}…` : sha;
}

export function formatLines(lines: LineRange): string {
  return lines.start === lines.end ? `line ${lines.start}` : `lines ${lines.start}–${lines.end}`;
}

export function summarise(state: UrlState): LinkTargetSummary {
  const s: LinkTargetSummary = {};
  if (state.path !== undefined) s.path = state.path;
  if (state.path !== undefined && state.lines) s.lines = state.lines;
  const a = state.archive;
  if (a) {
    if (a.name !== '') s.name = a.name;
    s.shaShort = shortSha(a.sha256);
    if (a.kernel !== undefined) s.kernel = a.kernel;
  }
  return s;
}

/**
 * "This link points to include/linux/sched.h, lines 120–134, in kheaders.tar.xz (sha256 1a2b3c4d…,
 * Linux 6.1.0-56-amd64). Drop that file here to open it."
 */
export function cardMessage(state: UrlState): string {
  const s = summarise(state);
  const where: string[] = [];
  if (s.path !== undefined) where.push(s.lines ? `${s.path}, ${formatLines(s.lines)}` : s.path);
  const facts = [s.shaShort ? `sha256 ${s.shaShort}` : null, s.kernel ? `Linux ${s.kernel}` : null].filter(
    (f) => f !== null,
  );
  const details = facts.length > 0 ? ` (${facts.join(', ')})` : '';
  let archive: string;
  if (s.name !== undefined) archive = `${s.name}${details}`;
  else if (s.shaShort !== undefined) archive = `an archive${details}`;
  else archive = '';
  const target = where.length > 0 ? (archive ? `${where[0]}, in ${archive}` : `${where[0]}`) : archive;
  const ask = s.shaShort ? 'Drop that file here to open it.' : 'Drop the archive here to open it.';
  return `This link points to ${target}. ${ask}`;
}

/** On page load (no file yet): cache first, then `src`, then the card. */
export function decideOnLoad(state: UrlState, recent: readonly RecentMeta[]): LinkDecision {
  const a = state.archive;
  if (a) {
    const cached = findByPrefix(recent, a.sha256);
    if (cached) return { kind: 'open-cached', sha: cached.sha256 };
  }
  if (state.src !== undefined) {
    const origin = remoteOrigin(state.src);
    if (origin !== null) return { kind: 'fetch', src: state.src, origin };
  }
  if (a || state.path !== undefined)
    return { kind: 'ask-for-file', message: cardMessage(state), target: summarise(state) };
  return { kind: 'none' };
}

/** After a drop or a fetch: does the file's full SHA-256 match the link's fingerprint? */
export function decideOnFile(state: UrlState, fileSha256: string): LinkDecision {
  const a = state.archive;
  if (!a) return state.path !== undefined ? { kind: 'match', verified: false } : { kind: 'none' };
  const got = fileSha256.toLowerCase();
  if (got.startsWith(a.sha256)) return { kind: 'match', verified: true };
  const gotShort = got.slice(0, a.sha256.length);
  return {
    kind: 'mismatch',
    expected: a.sha256,
    got: gotShort,
    message:
      `This file's fingerprint (sha256 ${shortSha(gotShort)}) differs from the one in the link ` +
      `(sha256 ${shortSha(a.sha256)}), so it is not the archive the link was made from.` +
      (state.path !== undefined ? ` Line numbers may not match. Try ${state.path} anyway?` : ''),
  };
}

/** One entry point: `dropped` is the full SHA-256 of a dropped or fetched file, when there is one. */
export function decideLinkTarget(
  state: UrlState,
  recent: readonly RecentMeta[],
  dropped?: { sha256: string },
): LinkDecision {
  return dropped ? decideOnFile(state, dropped.sha256) : decideOnLoad(state, recent);
}
