/** The file viewer's path: a button per folder (it reveals that folder in the tree); a deep path folds its middle. */
import { reveal } from '../actions';
import { formatInt } from '../format';
import { Name } from './Name';

/** Crumbs shown at each end of a deep path; the folders between collapse into "…". */
const CRUMBS_HEAD = 3;
const CRUMBS_TAIL = 6;

export function Breadcrumb({ path }: { path: string }) {
  const parts = path.split('/');
  // Folder paths built once, left to right (a path may be thousands of folders deep).
  const subs: string[] = [];
  for (const p of parts) subs.push(subs.length ? `${subs[subs.length - 1]}/${p}` : p);
  const hidden = parts.length > CRUMBS_HEAD + CRUMBS_TAIL + 1 ? parts.length - CRUMBS_HEAD - CRUMBS_TAIL : 0;
  const shown = hidden
    ? [...parts.keys()].filter((i) => i < CRUMBS_HEAD || i >= CRUMBS_HEAD + hidden)
    : [...parts.keys()];
  return (
    <nav className="crumbs" aria-label="Path">
      <button type="button" className="crumb" onClick={() => reveal('')}>
        /
      </button>
      {shown.map((i) => {
        const p = parts[i]!;
        const last = i === parts.length - 1;
        return (
          <span key={i}>
            {i > 0 && <span className="sep">/</span>}
            {hidden > 0 && i === CRUMBS_HEAD + hidden && (
              <>
                <span className="crumb-gap" title={`${formatInt(hidden)} more folders`}>
                  … {formatInt(hidden)} folders …
                </span>
                <span className="sep">/</span>
              </>
            )}
            {last ? (
              <span className="crumb last" aria-current="page">
                <Name text={p} />
              </span>
            ) : (
              <button type="button" className="crumb" onClick={() => reveal(subs[i]!)}>
                <Name text={p} />
              </button>
            )}
          </span>
        );
      })}
    </nav>
  );
}
