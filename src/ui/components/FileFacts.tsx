/** The line under the viewer's path: size, mode, time, a link's target, line count, the picked lines. */
import type { TreeNode } from '../../core/types';
import { openPath } from '../actions';
import { useAtom } from '../atom';
import { formatBytesExact, formatMode, formatMtime, formatSize } from '../format';
import { lineLabel } from '../line-selection';
import { app } from '../state';
import { Name } from './Name';

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') || text === '' ? n : n + 1;
}

function resolveLink(from: string, target: string): string {
  const base = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') base.pop();
    else base.push(p);
  }
  return base.join('/');
}

export function FileFacts({ node, path, text }: { node: TreeNode; path: string; text: string | null }) {
  const selection = useAtom(app, (s) => s.selection);
  return (
    <div className="facts">
      <span title={formatBytesExact(node.size)}>{formatSize(node.size)}</span>
      <span className="mono">{formatMode(node.mode, node.type)}</span>
      <span>{formatMtime(node.mtime)}</span>
      {node.linkTarget !== undefined && (
        <span>
          →{' '}
          <button
            type="button"
            className="linkbtn"
            onClick={() => void openPath(resolveLink(path, node.linkTarget!))}
          >
            <Name text={node.linkTarget} />
          </button>
        </span>
      )}
      {text !== null && <span>{lineCount(text)} lines</span>}
      {selection && <span className="mono sel-label">{lineLabel(selection.range)}</span>}
    </div>
  );
}
