/**
 * Text with line numbers and C highlighting. Lines are virtualised and tokenised only when they
 * scroll into view; one cheap pass finds each line's comment state, so 1 MB+ headers stay fast.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import { lineStates, tokenizeLine, type LexState } from '../c-tokenize';
import type { LineRange } from '../share/url-state';
import { inRange } from '../line-selection';
import { SelectionMenu, type SelectionActions } from './SelectionMenu';
import { VirtualList, type VirtualListHandle } from './VirtualList';

const LINE_HEIGHT = 18;

interface Props {
  text: string;
  highlight: boolean;
  selection: LineRange | null;
  revealLine: number | null;
  onRevealed?: () => void;
  onLineClick?: (line: number, shift: boolean) => void;
  /** Shown as a menu on the first selected line. */
  selectionActions?: SelectionActions;
  label: string;
}

const Line = memo(function Line({
  text,
  state,
  highlight,
}: {
  text: string;
  state: LexState;
  highlight: boolean;
}) {
  if (!highlight || text.length > 4000) return <>{text}</>;
  const { tokens } = tokenizeLine(text, state);
  return (
    <>
      {tokens.map((t, i) =>
        t.kind === 'plain' ? (
          t.text
        ) : (
          <span key={i} className={`tk-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
    </>
  );
});

export function CodeView({
  text,
  highlight,
  selection,
  revealLine,
  onRevealed,
  onLineClick,
  selectionActions,
  label,
}: Props) {
  const lines = useMemo(() => {
    const l = text.split('\n');
    if (l.length > 1 && l[l.length - 1] === '') l.pop();
    return l;
  }, [text]);
  const states = useMemo(
    () => (highlight ? lineStates(lines) : new Uint8Array(lines.length)),
    [lines, highlight],
  );
  const longest = useMemo(() => lines.reduce((m, l) => Math.max(m, l.length), 0), [lines]);
  const gutter = String(lines.length).length;
  const list = useRef<VirtualListHandle>(null);

  useEffect(() => {
    if (revealLine !== null) {
      list.current?.scrollToIndex(Math.max(0, revealLine - 4), 'start');
      onRevealed?.();
    }
  }, [revealLine, onRevealed]);

  return (
    <VirtualList
      ref={list}
      className="code"
      role="table"
      aria-label={label}
      count={lines.length}
      rowHeight={LINE_HEIGHT}
      overscan={20}
      contentWidth={`calc(${gutter + longest + 6}ch + 24px)`}
      style={{ ['--gutter' as string]: `${gutter + 2}ch` }}
      renderRow={(i, style) => {
        const n = i + 1;
        const sel = inRange(selection, n);
        const menu = selection !== null && selectionActions !== undefined && n === selection.start;
        return (
          <div
            key={i}
            role="row"
            className={menu ? 'cline sel has-menu' : sel ? 'cline sel' : 'cline'}
            style={style}
            data-line={n}
          >
            <span
              role="rowheader"
              className="ln"
              id={`L${n}`}
              onMouseDown={(e) => {
                if (e.shiftKey) e.preventDefault(); // keep shift-click from selecting text
              }}
              onClick={(e) => onLineClick?.(n, e.shiftKey)}
            >
              {n}
            </span>
            <span role="cell" className="ct">
              <Line text={lines[i]!} state={states[i] as LexState} highlight={highlight} />
            </span>
            {menu && (
              <span role="cell" className="sel-cell">
                <SelectionMenu range={selection} actions={selectionActions} />
              </span>
            )}
          </div>
        );
      }}
    />
  );
}
