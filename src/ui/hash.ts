/**
 * The URL hash: which file is open and which lines are selected. Only shareable state goes here.
 * Format: `#path=include/linux/sched.h&L10-L20` (also accepts `L=10-20`, `#L10`, `#L10-L20`).
 * This is the ONE module that knows the hash format; the share-links work replaces it with a
 * versioned schema. Parsing is defensive: anything unknown or malformed is ignored.
 */
export interface LineRange {
  start: number;
  end: number;
}

export interface ViewState {
  path: string | null;
  lines: LineRange | null;
}

const LINES_RE = /^L(\d{1,9})(?:-L?(\d{1,9}))?$/;

function parseLines(text: string): LineRange | null {
  const m = LINES_RE.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 1 || b < 1) return null;
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function parseHash(hash: string): ViewState {
  const out: ViewState = { path: null, lines: null };
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      out.lines = parseLines(part) ?? out.lines;
      continue;
    }
    const key = part.slice(0, eq);
    const value = decode(part.slice(eq + 1));
    if (value === null) continue;
    if (key === 'path') {
      const p = value.replace(/^\.?\/+/, '').replace(/\/+$/, '');
      if (p !== '' && !p.split('/').includes('..')) out.path = p;
    } else if (key === 'L') {
      out.lines = parseLines('L' + value) ?? out.lines;
    }
  }
  return out;
}

/** Paths keep their slashes readable; everything else that could break the hash is escaped. */
function encodePath(p: string): string {
  return encodeURIComponent(p).replace(/%2F/gi, '/');
}

export function formatLines(r: LineRange): string {
  return r.start === r.end ? `L${r.start}` : `L${r.start}-L${r.end}`;
}

export function formatHash(v: ViewState): string {
  const parts: string[] = [];
  if (v.path) parts.push(`path=${encodePath(v.path)}`);
  if (v.lines) parts.push(formatLines(v.lines));
  return parts.length ? '#' + parts.join('&') : '';
}

/** Write the view state without adding a history entry per click. */
export function writeHash(v: ViewState): void {
  const h = formatHash(v);
  if (h === location.hash || (h === '' && location.hash === '')) return;
  history.replaceState(history.state, '', h === '' ? location.pathname + location.search : h);
}

export function readHash(): ViewState {
  return parseHash(location.hash);
}
