/** The file viewer: breadcrumb, facts, actions and the text itself. */
import { useCallback, useMemo, useState } from 'react';
import { resolveInclude } from '../../core/include-roots';
import { findNode } from '../../core/tree';
import type { TreeNode } from '../../core/types';
import {
  clickLineNumber,
  copyLink,
  copyText,
  downloadViewerFile,
  openPath,
  reveal,
  revealDone,
} from '../actions';
import { useAtom } from '../atom';
import { formatBytesExact, formatInt, formatMode, formatMtime, formatSize } from '../format';
import { lineLabel } from '../line-selection';
import type { LineRange } from '../share/url-state';
import { app } from '../state';
import { searchView } from '../search-state';
import { CodeView } from './CodeView';
import { DefinitionPopover, type PopoverTarget } from './DefinitionPopover';
import type { SelectionActions } from './SelectionMenu';
import { HexDump } from './HexDump';
import { Name, nameText } from './Name';
import { Overview } from './Overview';

function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Crumbs shown at each end of a deep path; the folders between collapse into "…". */
const CRUMBS_HEAD = 3;
const CRUMBS_TAIL = 6;

function Breadcrumb({ path }: { path: string }) {
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

export function FileViewer({ tree }: { tree: TreeNode | null }) {
  const viewer = useAtom(app, (s) => s.viewer);
  const selection = useAtom(app, (s) => s.selection);
  const revealLine = useAtom(app, (s) => s.revealLine);
  const result = useAtom(app, (s) => s.result);
  const searchMark = useAtom(searchView, (s) => s.mark);
  const [popover, setPopover] = useState<PopoverTarget | null>(null);
  const closePopover = useCallback(() => setPopover(null), []);
  const onIdent = useCallback((name: string, el: HTMLElement) => setPopover({ name, el }), []);
  const onInclude = useCallback((path: string) => void openPath(path, null), []);
  const arch = result?.headers?.arch ?? result?.kernel.arch ?? null;
  const from = viewer?.path ?? '';
  const resolve = useCallback(
    (target: string, quoted: boolean) =>
      resolveInclude(target, quoted, from, arch, (p) => {
        const n = tree ? findNode(tree, p) : null;
        return n !== null && n.type !== 'dir';
      }),
    [tree, arch, from],
  );
  const text = useMemo(
    () => (viewer?.bytes && !isBinary(viewer.bytes) ? new TextDecoder().decode(viewer.bytes) : null),
    [viewer?.bytes],
  );
  const selectionActions = useMemo<SelectionActions | undefined>(
    () =>
      text === null
        ? undefined
        : {
            copyLink: (r: LineRange) => copyLink(r),
            copyLines: async (r: LineRange) => {
              const lines =
                text
                  .split('\n')
                  .slice(r.start - 1, r.end)
                  .join('\n') + '\n';
              await copyText(lines, r.start === r.end ? `line ${r.start}` : `lines ${r.start}–${r.end}`);
              return false;
            },
          },
    [text],
  );

  if (!viewer) {
    if (result) return <Overview result={result} />;
    return (
      <div className="placeholder">
        <p>Select a file in the tree to read it.</p>
        <p className="muted">↑↓ move · → open folder · ← back · Enter open · type to find</p>
      </div>
    );
  }
  const node = tree ? findNode(tree, viewer.path) : null;
  const highlight = /\.(h|c|S|lds|dtsi?|hpp|cc)$/.test(viewer.path) || !/\.\w+$/.test(viewer.path);
  return (
    <div className="viewer">
      <div className="viewer-head">
        <Breadcrumb path={viewer.path} />
        <div className="viewer-actions">
          <button type="button" className="btn" onClick={() => void copyText(viewer.path, 'path')}>
            Copy path
          </button>
          <button
            type="button"
            className="btn"
            disabled={text === null}
            onClick={() => text !== null && void copyText(text, 'content')}
          >
            Copy content
          </button>
          <button type="button" className="btn" disabled={!viewer.bytes} onClick={downloadViewerFile}>
            Download
          </button>
        </div>
      </div>
      {node && (
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
                onClick={() => void openPath(resolveLink(viewer.path, node.linkTarget!))}
              >
                <Name text={node.linkTarget} />
              </button>
            </span>
          )}
          {text !== null && <span>{lineCount(text)} lines</span>}
          {selection && <span className="mono sel-label">{lineLabel(selection.range)}</span>}
        </div>
      )}
      {viewer.loading && <div className="placeholder">Reading…</div>}
      {viewer.error && (
        <div className="placeholder error">
          <Name text={viewer.error} isolate={false} />
        </div>
      )}
      {viewer.bytes && text === null && (
        <div className="binary">
          <p>Binary file, {formatBytesExact(viewer.bytes.length)}. First bytes:</p>
          <HexDump bytes={viewer.bytes.subarray(0, 256)} start={0} mark={-1} />
        </div>
      )}
      {text !== null && (
        <CodeView
          text={text}
          label={nameText(viewer.path)}
          highlight={highlight}
          selection={selection?.range ?? null}
          revealLine={revealLine}
          onRevealed={revealDone}
          onLineClick={clickLineNumber}
          selectionActions={selectionActions}
          mark={searchMark && searchMark.path === viewer.path ? searchMark : null}
          resolveInclude={resolve}
          onInclude={onInclude}
          onIdent={onIdent}
        />
      )}
      {popover && <DefinitionPopover target={popover} onClose={closePopover} />}
    </div>
  );
}

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
