/**
 * The shareable view, kept in the URL hash: which archive (fingerprint, name, kernel), which path,
 * which lines, which panel, and optionally where to fetch the archive from.
 *
 * `#v=1&sha=1a2b3c4d5e6f&name=kheaders.tar.xz&k=6.1.0-56-amd64&path=include/linux/sched.h&L=120-134&panel=file`
 *
 * A search adds `q=PATTERN`, `qo=` (its options: r regex, i ignore case, w whole word) and `qp=`
 * (path filter globs): `…&panel=search&q=task_struct&qo=w&qp=include/linux/**`. These keys are
 * additions, so links without them mean what they meant before (no version bump).
 *
 * The hash is untrusted input. `parseHash` never throws: every unknown key or bad value is dropped
 * with one human note, and an unknown version yields an empty state. See README.md for the rules.
 */

import { defaultQuery, type SearchQuery } from '../../core/search/query';

export const URL_STATE_VERSION = 1;
/** `checks` (the readiness checks) is an addition: older pages drop it with a note, as any unknown value. */
export const PANELS = ['layers', 'tree', 'config', 'file', 'search', 'checks'] as const;
export type Panel = (typeof PANELS)[number];

export interface ArchiveRef {
  /** Lower-case hex prefix (12–64 chars) of the SHA-256 of the input file. */
  sha256: string;
  /** File name for display; '' when the link did not carry one. */
  name: string;
  kernel?: string;
}

export interface LineRange {
  start: number;
  end: number;
}

/** Compare panels: the line diff of `path`, or the config diff. */
export const COMPARE_PANELS = ['lines', 'config'] as const;
export type ComparePanelKey = (typeof COMPARE_PANELS)[number];

/** The second artifact of a comparison (`sha2`, `name2`, `k2`), lines on its side (`L2`), panel (`cmp`). */
export interface CompareRef {
  archive: ArchiveRef;
  /** Lines on the second side of the line diff of `path`. */
  lines?: LineRange;
  panel?: ComparePanelKey;
}

export interface UrlState {
  v: 1;
  archive?: ArchiveRef;
  /** Normalised relative archive path (see normaliseArchivePath). */
  path?: string;
  /** Only kept together with `path`. */
  lines?: LineRange;
  panel?: Panel;
  /** Canonical `href` of an http(s) URL. */
  src?: string;
  /** A search over the archive (`q`, `qo`, `qp`). */
  search?: SearchQuery;
  /** Compared with a second artifact (needs `archive`). */
  compare?: CompareRef;
}

export interface ParsedHash {
  state: UrlState;
  notes: string[];
}

export type Check<T> = { ok: true; value: T } | { ok: false; why: string };

export const LIMITS = {
  shaMin: 12,
  shaMax: 64,
  name: 255,
  kernel: 128,
  path: 4096,
  line: 10_000_000,
  src: 8192,
  hash: 32_768,
  notes: 12,
  query: 1000,
} as const;

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(why: string): Check<T> => ({ ok: false, why });

/** C0/C1 controls plus the bidi overrides that could make a card lie about a name or path. */
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
    if (c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      return true;
    }
  }
  return false;
}

export function checkSha(raw: string): Check<string> {
  const s = raw.toLowerCase();
  if (!/^[0-9a-f]+$/.test(s) || s.length < LIMITS.shaMin || s.length > LIMITS.shaMax) {
    return bad(`a fingerprint is ${LIMITS.shaMin} to ${LIMITS.shaMax} hexadecimal characters.`);
  }
  return ok(s);
}

function checkText(raw: string, max: number, what: string): Check<string> {
  if (raw.length > max) return bad(`${what} is longer than ${max} characters.`);
  if (hasControlChars(raw)) return bad(`${what} contains control characters.`);
  return ok(raw);
}

export const checkName = (raw: string): Check<string> => checkText(raw, LIMITS.name, 'the file name');

export function checkKernel(raw: string): Check<string> {
  if (raw === '') return bad('the kernel version is empty.');
  return checkText(raw, LIMITS.kernel, 'the kernel version');
}

/**
 * Archive paths are relative: './' and empty segments are dropped ("./include//linux/" →
 * "include/linux"); a leading '/', a '..' segment or a control character rejects the path.
 */
export function normaliseArchivePath(raw: string): Check<string> {
  if (raw.length > LIMITS.path) return bad(`the path is longer than ${LIMITS.path} characters.`);
  if (hasControlChars(raw)) return bad('the path contains control characters.');
  if (raw.startsWith('/')) return bad('the path must be relative to the archive (no leading /).');
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return bad("'..' segments are not allowed in a path.");
  if (segments.length === 0) return bad('the path is empty.');
  return ok(segments.join('/'));
}

/** `120-134`, `L120-L134`, `120`, `L120` (GitHub style). A reversed range is put in order. */
export function parseLines(raw: string): Check<LineRange> {
  const m = /^L?(\d{1,12})(?:-L?(\d{1,12}))?$/.exec(raw);
  const range = `line numbers are whole numbers from 1 to ${LIMITS.line.toLocaleString('en-US')}.`;
  if (!m || m[1] === undefined) return bad(`expected a line or a range such as 120-134; ${range}`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  return checkLines({ start: Math.min(a, b), end: Math.max(a, b) });
}

export function checkLines(r: LineRange): Check<LineRange> {
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= LIMITS.line;
  if (!valid(r.start) || !valid(r.end) || r.start > r.end) {
    return bad(`line numbers are whole numbers from 1 to ${LIMITS.line.toLocaleString('en-US')}.`);
  }
  return ok({ start: r.start, end: r.end });
}

export function checkPanel(raw: string): Check<Panel> {
  const p = PANELS.find((x) => x === raw);
  return p ? ok(p) : bad(`the panel is one of ${PANELS.join(', ')}.`);
}

/** Only http: and https: URLs without credentials; returns the canonical href. */
export function checkSourceUrl(raw: string): Check<string> {
  if (raw.length > LIMITS.src) return bad(`the URL is longer than ${LIMITS.src} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return bad('it is not a complete URL (it must start with http:// or https://).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return bad('only http and https URLs can be opened.');
  }
  if (url.username !== '' || url.password !== '') {
    return bad('URLs with a user name or password are not opened.');
  }
  return ok(url.href);
}

const EMPTY: UrlState = { v: 1 };
const KNOWN_KEYS = new Set([
  'v',
  'sha',
  'name',
  'k',
  'path',
  'L',
  'panel',
  'sha2',
  'name2',
  'k2',
  'L2',
  'cmp',
  'src',
  'q',
  'qo',
  'qp',
]);

/** Keys and values are shown in notes; keep them short and printable. */
function quote(s: string): string {
  const clean = [...s].map((ch) => (hasControlChars(ch) ? '?' : ch)).join('');
  return clean.length > 40 ? `'${clean.slice(0, 40)}…'` : `'${clean}'`;
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Splits on '&' and '#' (a GitHub-style `#L10-L20` may be appended to our hash). First key wins. */
function splitParams(raw: string, notes: string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of raw.split(/[&#]/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key: string | null;
    let value: string | null;
    if (eq < 0 && /^L\d/.test(part)) {
      key = 'L';
      value = part;
    } else {
      key = decode(eq < 0 ? part : part.slice(0, eq));
      value = eq < 0 ? null : decode(part.slice(eq + 1));
    }
    if (key === null) {
      notes.push(`Ignored ${quote(part)}: it contains a broken %-escape.`);
    } else if (!KNOWN_KEYS.has(key)) {
      notes.push(`Ignored unknown parameter ${quote(key)}.`);
    } else if (value === null) {
      notes.push(
        eq < 0
          ? `Ignored ${quote(key)}: it has no value.`
          : `Ignored ${quote(key)}: it contains a broken %-escape.`,
      );
    } else if (params.has(key)) {
      notes.push(`Ignored a second ${quote(key)}; the first one is used.`);
    } else {
      params.set(key, value);
    }
  }
  return params;
}

function checkVersion(v: string | undefined): string | null {
  if (v === undefined || v === String(URL_STATE_VERSION)) return null;
  if (/^\d{1,6}$/.test(v) && Number(v) > URL_STATE_VERSION) {
    return `This link uses format version ${Number(v)}, made by a newer version of this page; it was ignored.`;
  }
  return `This link has an unknown format version ${quote(v)} (expected ${URL_STATE_VERSION}); it was ignored.`;
}

function buildState(params: Map<string, string>, notes: string[]): UrlState {
  const state: UrlState = { v: 1 };
  const take = <T>(key: string, check: (raw: string) => Check<T>): T | undefined => {
    const raw = params.get(key);
    if (raw === undefined) return undefined;
    const r = check(raw);
    if (r.ok) return r.value;
    notes.push(`Ignored '${key}': ${r.why}`);
    return undefined;
  };

  const sha = take('sha', checkSha);
  const name = take('name', checkName);
  const kernel = take('k', checkKernel);
  if (sha !== undefined) {
    state.archive = { sha256: sha, name: name ?? '' };
    if (kernel !== undefined) state.archive.kernel = kernel;
  } else {
    const orphans = [name === undefined ? null : "'name'", kernel === undefined ? null : "'k'"].filter(
      (k) => k !== null,
    );
    if (orphans.length > 0) {
      notes.push(`Ignored ${orphans.join(' and ')}: the link has no valid archive fingerprint ('sha').`);
    }
  }

  const path = take('path', normaliseArchivePath);
  if (path !== undefined) state.path = path;
  const lines = take('L', parseLines);
  if (lines !== undefined) {
    if (path !== undefined) state.lines = lines;
    else notes.push("Ignored 'L': line numbers need a file ('path').");
  }
  const panel = take('panel', checkPanel);
  if (panel !== undefined) state.panel = panel;
  const compare = takeCompare(take, state, notes);
  if (compare) state.compare = compare;
  const src = take('src', checkSourceUrl);
  if (src !== undefined) state.src = src;
  const search = takeSearch(params, notes);
  if (search !== undefined) state.search = search;
  return state;
}

export function checkPattern(raw: string): Check<string> {
  if (raw === '') return bad('the search is empty.');
  return checkText(raw, LIMITS.query, 'the search');
}

export const checkPaths = (raw: string): Check<string> => checkText(raw, LIMITS.query, 'the path filter');

/** `qo`: any of r (regex), i (ignore case), w (whole word), each at most once. */
export function checkSearchOptions(raw: string): Check<string> {
  if (!/^[riw]{0,3}$/.test(raw) || new Set(raw).size !== raw.length) {
    return bad('search options are letters r (regex), i (ignore case) and w (whole word).');
  }
  return ok(['r', 'i', 'w'].filter((c) => raw.includes(c)).join(''));
}

export const searchOptions = (q: SearchQuery): string =>
  (q.mode === 'regex' ? 'r' : '') + (q.ignoreCase ? 'i' : '') + (q.word ? 'w' : '');

function takeSearch(params: Map<string, string>, notes: string[]): SearchQuery | undefined {
  const raw = params.get('q');
  const opts = params.get('qo');
  const paths = params.get('qp');
  if (raw === undefined) {
    if (opts !== undefined || paths !== undefined)
      notes.push("Ignored 'qo' and 'qp': the link has no search ('q').");
    return undefined;
  }
  const pattern = checkPattern(raw);
  if (!pattern.ok) {
    notes.push(`Ignored 'q': ${pattern.why}`);
    return undefined;
  }
  const q = defaultQuery(pattern.value);
  const o = checkSearchOptions(opts ?? '');
  if (o.ok) {
    q.mode = o.value.includes('r') ? 'regex' : 'literal';
    q.ignoreCase = o.value.includes('i');
    q.word = o.value.includes('w');
  } else notes.push(`Ignored 'qo': ${o.why}`);
  if (paths !== undefined) {
    const p = checkPaths(paths);
    if (p.ok) q.paths = p.value;
    else notes.push(`Ignored 'qp': ${p.why}`);
  }
  return q;
}

export function checkComparePanel(raw: string): Check<ComparePanelKey> {
  const p = COMPARE_PANELS.find((x) => x === raw);
  return p ? ok(p) : bad(`the compare panel is one of ${COMPARE_PANELS.join(', ')}.`);
}

type Take = <T>(key: string, check: (raw: string) => Check<T>) => T | undefined;

/** `sha2`/`name2`/`k2`/`L2`/`cmp`: a comparison needs both fingerprints; `L2` needs `path`. */
function takeCompare(take: Take, state: UrlState, notes: string[]): CompareRef | undefined {
  const sha = take('sha2', checkSha);
  const name = take('name2', checkName);
  const kernel = take('k2', checkKernel);
  const lines = take('L2', parseLines);
  const panel = take('cmp', checkComparePanel);
  if (sha === undefined || state.archive === undefined) {
    const given = [name, kernel, lines, panel].some((v) => v !== undefined);
    if (sha !== undefined || given)
      notes.push("Ignored the comparison: it needs both fingerprints ('sha' and 'sha2').");
    return undefined;
  }
  const ref: CompareRef = { archive: { sha256: sha, name: name ?? '' } };
  if (kernel !== undefined) ref.archive.kernel = kernel;
  if (lines !== undefined) {
    if (state.path !== undefined) ref.lines = lines;
    else notes.push("Ignored 'L2': line numbers need a file ('path').");
  }
  if (panel !== undefined) ref.panel = panel;
  return ref;
}

function capNotes(notes: string[]): string[] {
  if (notes.length <= LIMITS.notes) return notes;
  const more = notes.length - (LIMITS.notes - 1);
  return [...notes.slice(0, LIMITS.notes - 1), `…and ${more} more problems with this link.`];
}

/** Reads `location.hash` (with or without the leading '#'). Never throws. */
export function parseHash(hash: string): ParsedHash {
  try {
    if (typeof hash !== 'string') return { state: { ...EMPTY }, notes: [] };
    const raw = hash.startsWith('#') ? hash.slice(1) : hash;
    if (raw.trim() === '') return { state: { ...EMPTY }, notes: [] };
    if (raw.length > LIMITS.hash) {
      return {
        state: { ...EMPTY },
        notes: [`This link is too long (${raw.length} characters); it was ignored.`],
      };
    }
    const notes: string[] = [];
    const params = splitParams(raw, notes);
    const versionNote = checkVersion(params.get('v'));
    if (versionNote !== null) return { state: { ...EMPTY }, notes: [versionNote] };
    const state = buildState(params, notes);
    return { state, notes: capNotes(notes) };
  } catch {
    return { state: { ...EMPTY }, notes: ['This link could not be read; it was ignored.'] };
  }
}

/** URLSearchParams-like, but spaces are %20 and '/' and ':' stay readable. */
function encodeValue(s: string): string {
  return encodeURIComponent(s).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

/**
 * Formats a state as `#v=1&sha=…&name=…&k=…&path=…&L=…&panel=…&src=…&q=…&qo=…&qp=…` (this key order, always).
 * Invalid fields are left out, so a formatted hash always parses without notes. An empty state
 * gives '' (a clean URL).
 */
export function formatHash(state: UrlState): string {
  const parts: string[] = [];
  const add = <T>(key: string, value: T | undefined, check: (v: T) => Check<string>) => {
    if (value === undefined) return;
    const r = check(value);
    if (r.ok) parts.push(`${key}=${encodeValue(r.value)}`);
  };
  const a = state.archive;
  const sha = a ? checkSha(a.sha256) : null;
  if (a && sha?.ok) {
    parts.push(`sha=${sha.value}`);
    if (a.name !== '') add('name', a.name, checkName);
    add('k', a.kernel, checkKernel);
  }
  const path = state.path === undefined ? null : normaliseArchivePath(state.path);
  if (path?.ok) {
    parts.push(`path=${encodeValue(path.value)}`);
    const lines = state.lines ? checkLines(state.lines) : null;
    if (lines?.ok) {
      const { start, end } = lines.value;
      parts.push(`L=${start === end ? start : `${start}-${end}`}`);
    }
  }
  add('panel', state.panel, checkPanel);
  formatCompare(state, parts, add);
  add('src', state.src, checkSourceUrl);
  const q = state.search;
  if (q && checkPattern(q.pattern).ok) {
    add('q', q.pattern, checkPattern);
    const o = searchOptions(q);
    if (o !== '') parts.push(`qo=${o}`);
    if (q.paths !== '') add('qp', q.paths, checkPaths);
  }
  return parts.length === 0 ? '' : `#v=${URL_STATE_VERSION}&${parts.join('&')}`;
}

type Add = <T>(key: string, value: T | undefined, check: (v: T) => Check<string>) => void;

function formatCompare(state: UrlState, parts: string[], add: Add): void {
  const c = state.compare;
  const sha = c ? checkSha(c.archive.sha256) : null;
  if (!c || !sha?.ok || !state.archive || !checkSha(state.archive.sha256).ok) return;
  parts.push(`sha2=${sha.value}`);
  if (c.archive.name !== '') add('name2', c.archive.name, checkName);
  add('k2', c.archive.kernel, checkKernel);
  const path = state.path === undefined ? null : normaliseArchivePath(state.path);
  const lines = c.lines && path?.ok ? checkLines(c.lines) : null;
  if (lines?.ok) {
    const { start, end } = lines.value;
    parts.push(`L2=${start === end ? start : `${start}-${end}`}`);
  }
  add('cmp', c.panel, checkComparePanel);
}

/** `base` with any hash replaced by the state's hash. */
export function shareUrl(base: string, state: UrlState): string {
  const i = base.indexOf('#');
  return (i < 0 ? base : base.slice(0, i)) + formatHash(state);
}

/**
 * How the UI should record a state change in history: a new file (or archive) is a new entry so
 * Back/Forward move between files; lines and panel changes replace the current entry.
 */
export function historyAction(prev: UrlState, next: UrlState): 'push' | 'replace' | 'none' {
  if (formatHash(prev) === formatHash(next)) return 'none';
  const samePlace =
    prev.archive?.sha256 === next.archive?.sha256 &&
    prev.compare?.archive.sha256 === next.compare?.archive.sha256 &&
    prev.path === next.path;
  return samePlace ? 'replace' : 'push';
}
