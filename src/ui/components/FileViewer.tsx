/** The file viewer: breadcrumb, facts, actions and the text itself. */
import { useCallback, useMemo, useState } from 'react';
import { countBidiControls } from '../../core/names';
import { findNode } from '../../core/tree';
import type { TreeNode } from '../../core/types';
import { clickLineNumber, copyText, downloadViewerFile, openPath, revealDone } from '../actions';
import { useAtom } from '../atom';
import { formatBytesExact } from '../format';
import { searchView } from '../search-state';
import { app, type ViewerState } from '../state';
import { Breadcrumb } from './Breadcrumb';
import { CodeView } from './CodeView';
import { DefinitionPopover, type PopoverTarget } from './DefinitionPopover';
import { FileFacts } from './FileFacts';
import { HexDump } from './HexDump';
import { Name, nameText } from './Name';
import { Overview } from './Overview';
import { useIncludeResolver } from './use-include-resolver';
import { useSelectionActions, useViewerText } from './use-viewer-text';

function ViewerActions({ viewer, text }: { viewer: ViewerState; text: string | null }) {
  return (
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
  );
}

/** The text with its line numbers, includes and identifiers, and the definition popover they open. */
function ViewerCode({ path, text, tree }: { path: string; text: string; tree: TreeNode | null }) {
  const selection = useAtom(app, (s) => s.selection);
  const revealLine = useAtom(app, (s) => s.revealLine);
  const searchMark = useAtom(searchView, (s) => s.mark);
  const [popover, setPopover] = useState<PopoverTarget | null>(null);
  const closePopover = useCallback(() => setPopover(null), []);
  const onIdent = useCallback((name: string, el: HTMLElement) => setPopover({ name, el }), []);
  const onInclude = useCallback((p: string) => void openPath(p, null), []);
  const resolve = useIncludeResolver(tree, path);
  const selectionActions = useSelectionActions(text);
  const highlight = /\.(h|c|S|lds|dtsi?|hpp|cc)$/.test(path) || !/\.\w+$/.test(path);
  return (
    <>
      <CodeView
        text={text}
        label={nameText(path)}
        highlight={highlight}
        selection={selection?.range ?? null}
        revealLine={revealLine}
        onRevealed={revealDone}
        onLineClick={clickLineNumber}
        selectionActions={selectionActions}
        mark={searchMark && searchMark.path === path ? searchMark : null}
        resolveInclude={resolve}
        onInclude={onInclude}
        onIdent={onIdent}
      />
      {popover && <DefinitionPopover target={popover} onClose={closePopover} />}
    </>
  );
}

/** Bidi controls in code can make it read unlike it compiles: say so above the text that holds them. */
function BidiNotice({ text }: { text: string }) {
  const n = useMemo(() => countBidiControls(text), [text]);
  if (n === 0) return null;
  return (
    <section className="strip warn-strip" aria-label="Bidirectional text">
      <div className="strip-body">
        <strong>
          {n === 1
            ? '1 bidirectional control character'
            : `${n.toLocaleString('en-US')} bidirectional control characters`}
          .
        </strong>{' '}
        They can make code read differently from how a compiler sees it (“Trojan Source”, CVE-2021-42574), so
        each is shown as its code, such as <span className="esc">\u202E</span>.
      </div>
    </section>
  );
}

/** A file the archive cuts short (it ends inside the file's data): its bytes are only the first ones. */
function CutNotice({ size, got }: { size: number; got: number }) {
  return (
    <section className="strip warn-strip" aria-label="Cut short">
      <div className="strip-body">
        <strong>
          Only {formatBytesExact(got)} of {formatBytesExact(size)} are in the archive.
        </strong>{' '}
        It ends inside this file: what follows is its beginning (see Problems).
      </div>
    </section>
  );
}

function NoFile() {
  const result = useAtom(app, (s) => s.result);
  if (result) return <Overview result={result} />;
  return (
    <div className="placeholder">
      <p>Select a file in the tree to read it.</p>
      <p className="muted">↑↓ move · → open folder · ← back · Enter open · type to find</p>
    </div>
  );
}

export function FileViewer({ tree }: { tree: TreeNode | null }) {
  const viewer = useAtom(app, (s) => s.viewer);
  const text = useViewerText(viewer?.bytes);
  if (!viewer) return <NoFile />;
  const node = tree ? findNode(tree, viewer.path) : null;
  return (
    <div className="viewer">
      <div className="viewer-head">
        <Breadcrumb path={viewer.path} />
        <ViewerActions viewer={viewer} text={text} />
      </div>
      {node && <FileFacts node={node} path={viewer.path} text={text} />}
      {viewer.loading && <div className="placeholder">Reading…</div>}
      {viewer.error && (
        <div className="placeholder error">
          <Name text={viewer.error} isolate={false} />
        </div>
      )}
      {node?.type === 'file' && viewer.bytes && viewer.bytes.length < node.size && (
        <CutNotice size={node.size} got={viewer.bytes.length} />
      )}
      {viewer.bytes && text === null && (
        <div className="binary">
          <p>Binary file, {formatBytesExact(viewer.bytes.length)}. First bytes:</p>
          <HexDump bytes={viewer.bytes.subarray(0, 256)} start={0} mark={-1} />
        </div>
      )}
      {text !== null && <BidiNotice text={text} />}
      {text !== null && <ViewerCode path={viewer.path} text={text} tree={tree} />}
    </div>
  );
}
