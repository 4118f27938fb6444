/**
 * Which requests the service worker answers from its precache, as a pure function (tested in Node).
 * Only same-origin GETs inside the scope are touched: a page navigation within the scope gets the
 * cached app shell (so `?sample` and `#…` share links load offline), a precached asset gets its
 * cached copy. Everything else — cross-origin `src=` downloads, range requests, unknown paths — is
 * left to the network untouched (null).
 */

/** Cache names start with this; an activating worker deletes the other versions'. */
export const CACHE_PREFIX = 'khi-precache-';

/** What the build injects: the content hash of the precached files and their paths, relative to the scope. */
export interface PrecacheManifest {
  version: string;
  files: string[];
}

export interface RouteRequest {
  url: string;
  method: string;
  mode: RequestMode;
  /** The request asked for part of a resource (a Range header). */
  ranged: boolean;
}

/** The app shell: what any navigation inside the scope is answered with. */
export const SHELL = 'index.html';

/** The absolute URL under which the answer is cached, or null to let the network answer. */
export function precacheKey(req: RouteRequest, scope: string, files: ReadonlySet<string>): string | null {
  if (req.method !== 'GET' || req.ranged) return null;
  const url = new URL(req.url);
  const base = new URL(scope);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const rel = decodeURIComponent(url.pathname.slice(base.pathname.length));
  if (req.mode === 'navigate') return rel === '' || rel === SHELL ? new URL(SHELL, base).href : null;
  if (url.search !== '' || !files.has(rel)) return null;
  return new URL(rel, base).href;
}

/** Cache names of other versions, to delete once this version is active. */
export const staleCaches = (names: string[], current: string): string[] =>
  names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== current);
