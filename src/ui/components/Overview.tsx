/**
 * What the viewer shows before a file is chosen: the layer chain in one line, the kernel facts, and
 * the include flags a BCC-style build needs for this archive (the paths bcc's kbuild_helper uses).
 */
import type { Layer } from '../../core/types';
import { includeFlags } from '../../core/include-roots';
import type { OpenedResult } from '../../worker/protocol';
import { copyText } from '../actions';
import { formatInt } from '../format';

/** The path from the file to the header archive (or the deepest layer), e.g. "bzImage › xz › tar". */
export function layerChain(root: Layer, targetId: number | null): Layer[] {
  const walk = (l: Layer, path: Layer[]): Layer[] | null => {
    const here = [...path, l];
    if (targetId !== null ? l.id === targetId : l.children.length === 0) return here;
    for (const c of l.children) {
      const found = walk(c, here);
      if (found) return found;
    }
    return null;
  };
  return walk(root, []) ?? [root];
}

export function Overview({ result }: { result: OpenedResult }) {
  const h = result.headers;
  const chain = layerChain(result.layers, h?.layerId ?? null).slice(1);
  const arch = h?.arch ?? result.kernel.arch;
  const flags = h && arch ? includeFlags(arch) : null;
  return (
    <div className="placeholder overview">
      {chain.length > 0 && (
        <p className="chain">
          {chain.map((l, i) => (
            <span key={l.id}>
              {i > 0 && <span className="sep"> › </span>}
              <span className="mono">{l.format}</span>
            </span>
          ))}
        </p>
      )}
      {result.kernel.banner && <p className="mono kernel-banner">{result.kernel.banner}</p>}
      {h && (
        <p>
          {formatInt(h.files)} headers for Linux {h.kernelVersion ?? '?'} ({arch ?? '?'}).
          {h.reproducible ? ' All files share one mtime: a reproducible build.' : ''}
        </p>
      )}
      {flags && (
        <div className="flags">
          <p className="muted">Include flags for a BCC-style build against the extracted archive:</p>
          <pre className="mono">{flags}</pre>
          <button type="button" className="btn" onClick={() => void copyText(flags, 'include flags')}>
            Copy flags
          </button>
        </div>
      )}
      <p>Select a file in the tree to read it.</p>
      <p className="muted">↑↓ move · → open folder · ← back · Enter open · type to find</p>
    </div>
  );
}
