/** What a link records about the comparison (url-sync.ts calls this for the current view). */
import { compare } from './compare-state';
import { linkSha } from './share/fingerprint';
import type { UrlState } from './share/url-state';

export function addCompareView(st: UrlState): void {
  const c = compare.get();
  if (!st.archive) return;
  if (c.phase === 'off' && c.wanted) {
    // A link still waiting for its second file keeps saying so.
    st.compare = c.wanted;
    return;
  }
  if (c.phase !== 'ready' || !c.other?.sha256) return;
  const kernel = c.result?.kernel.version ?? c.result?.headers?.kernelVersion ?? undefined;
  st.compare = { archive: { sha256: linkSha(c.other.sha256), name: c.other.name } };
  // The single-archive panels are not on screen while comparing; `cmp` names the panel.
  delete st.panel;
  if (kernel) st.compare.archive.kernel = kernel;
  if (c.panel === 'config') st.compare.panel = 'config';
  if (c.diff && c.panel === 'lines') {
    st.path = c.diff.path;
    delete st.lines;
    st.compare.panel = 'lines';
    if (c.lines?.side === 'a') st.lines = { start: c.lines.start, end: c.lines.end };
    if (c.lines?.side === 'b') st.compare.lines = { start: c.lines.start, end: c.lines.end };
  }
}
