/** Shown instead of a tree when no header archive was found: what was scanned, what was looked for. */
import type { OpenedResult } from '../../worker/protocol';
import { formatInt, formatSize } from '../format';

export function NothingFound({ result }: { result: OpenedResult }) {
  const notFound = result.errors.find((e) => e.code === 'not-found');
  return (
    <div className="nothing">
      <h2>{result.config ? 'No kernel headers in this file' : 'No kernel headers or config found'}</h2>
      <p>
        Scanned {formatSize(result.scanned.bytes)} ({formatInt(result.scanned.bytes)} bytes) in{' '}
        {formatInt(result.scanned.layers)} {result.scanned.layers === 1 ? 'layer' : 'layers'};{' '}
        {formatInt(result.scanned.rejectedHits)} false{' '}
        {result.scanned.rejectedHits === 1 ? 'hit was' : 'hits were'} rejected.
      </p>
      <p className="muted">
        {notFound?.message ??
          'Looked for kernel image containers, the IKHD/IKCFG markers, the kernel_headers_data symbols, compressed streams and tar archives.'}
      </p>
      <p className="muted">The Layers tab shows everything that was recognised.</p>
    </div>
  );
}
