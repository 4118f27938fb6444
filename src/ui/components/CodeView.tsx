/**
 * Text with line numbers and C highlighting. Lines are virtualised and tokenised only when they
 * scroll into view; one cheap pass finds each line's comment state, so 1 MB+ headers stay fast.
 * Identifiers are focusable (click or Enter: definitions), `#include` targets are links, and a
 * search match can be highlighted on one line.
 */
import {
  memo,
  useEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { IncludeResolution } from '../../core/include-roots';
import { lineStates, type LexState } from '../c-tokenize';
import { segmentLine, type Segment } from '../code-segments';
import type { LineRange } from '../share/url-state';
import { inRange } from '../line-selection';
import { longestLine, splitLines } from '../text-lines';
import { ContentText } from './Name';
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
  /** A search match to highlight: UTF-16 ranges within one line. */
  mark?: { line: number; ranges: [number, number][] } | null;
  /** Where an `#include` target lives in the archive (stable identity: lines are memoised on it). */
  resolveInclude?: (target: string, quoted: boolean) => IncludeResolution;
  onInclude?: (path: string) => void;
  /** An identifier was clicked or got Enter: show its definitions next to `el`. */
  onIdent?: (name: string, el: HTMLElement) => void;
}

type Resolve = NonNullable<Props['resolveInclude']>;

function SegmentView({ seg, resolve, last }: { seg: Segment; resolve: Resolve | undefined; last: boolean }) {
  const shown = <ContentText text={seg.text} lineEnd={last} />;
  const body = seg.marked ? <mark>{shown}</mark> : shown;
  const cls = seg.kind === 'plain' ? '' : `tk-${seg.kind}`;
  if (seg.ident) {
    return (
      <span className={`${cls} ident`} data-ident={seg.text} tabIndex={0}>
        {body}
      </span>
    );
  }
  if (seg.include && resolve) {
    const r = resolve(seg.include.target, seg.include.quoted);
    if (r.path !== null) {
      return (
        <span className={`${cls} inc-link`} role="link" tabIndex={0} data-include={r.path} title={r.path}>
          {body}
        </span>
      );
    }
    const title = `Not in this archive. Looked for: ${r.tried.join(', ')}`;
    return (
      <span className={`${cls} inc-missing`} title={title} data-unresolved={seg.include.target}>
        {body}
      </span>
    );
  }
  return cls ? <span className={cls}>{body}</span> : <>{body}</>;
}

const Line = memo(function Line({
  text,
  state,
  highlight,
  marks,
  resolve,
}: {
  text: string;
  state: LexState;
  highlight: boolean;
  marks: [number, number][] | null;
  resolve: Resolve | undefined;
}) {
  if (!highlight || text.length > 4000) {
    if (!marks) return <ContentText text={text} />;
    return <Segments segs={segmentsPlain(text, marks)} resolve={undefined} />;
  }
  return <Segments segs={segmentLine(text, state, marks)} resolve={resolve} />;
});

function Segments({ segs, resolve }: { segs: Segment[]; resolve: Resolve | undefined }) {
  return (
    <>
      {segs.map((s, i) => (
        <SegmentView key={i} seg={s} resolve={resolve} last={i === segs.length - 1} />
      ))}
    </>
  );
}

function segmentsPlain(text: string, marks: [number, number][]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const [a, b] of marks) {
    if (a > at) out.push({ kind: 'plain', text: text.slice(at, a) });
    out.push({ kind: 'plain', text: text.slice(a, b), marked: true });
    at = b;
  }
  out.push({ kind: 'plain', text: text.slice(at) });
  return out;
}

/** Clicks and Enter on identifiers and include links, delegated from the list. */
function activate(
  e: MouseEvent<HTMLElement> | KeyboardEvent<HTMLElement>,
  props: Pick<Props, 'onInclude' | 'onIdent'>,
): void {
  const t = e.target as HTMLElement;
  const inc = t.closest<HTMLElement>('[data-include]');
  if (inc && props.onInclude) {
    e.preventDefault();
    props.onInclude(inc.dataset.include!);
    return;
  }
  const id = t.closest<HTMLElement>('[data-ident]');
  // A click that ends a text selection is not a request for definitions.
  if (id && props.onIdent && (e.type !== 'click' || !window.getSelection()?.toString())) {
    e.preventDefault();
    props.onIdent(id.dataset.ident!, id);
  }
}

interface RowProps {
  n: number;
  line: string;
  state: LexState;
  style: CSSProperties;
  view: Props;
}

/** Line `n`: its number (a click picks it, shift-click extends), its code, and on the first picked line the menu. */
function CodeRow({ n, line, state, style, view }: RowProps) {
  const { selection, selectionActions, onLineClick, highlight, mark, resolveInclude } = view;
  const sel = inRange(selection, n);
  const menu = selection !== null && selectionActions !== undefined && n === selection.start;
  return (
    <div
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
        <Line
          text={line}
          state={state}
          highlight={highlight}
          marks={mark && mark.line === n ? mark.ranges : null}
          resolve={resolveInclude}
        />
      </span>
      {menu && (
        <span role="cell" className="sel-cell">
          <SelectionMenu range={selection} actions={selectionActions} />
        </span>
      )}
    </div>
  );
}

/** The text's lines, each line's starting lexer state (comments span lines) and the widths. */
function useCodeLines(text: string, highlight: boolean) {
  const lines = useMemo(() => splitLines(text), [text]);
  const states = useMemo(
    () => (highlight ? lineStates(lines) : new Uint8Array(lines.length)),
    [lines, highlight],
  );
  const longest = useMemo(() => longestLine(lines), [lines]);
  return { lines, states, longest, gutter: String(lines.length).length };
}

export function CodeView(props: Props) {
  const { text, highlight, revealLine, onRevealed, label, onInclude, onIdent } = props;
  const view = { ...props, mark: props.mark ?? null };
  const { lines, states, longest, gutter } = useCodeLines(text, highlight);
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
      onClick={(e) => activate(e, { onInclude, onIdent })}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') activate(e, { onInclude, onIdent });
      }}
      renderRow={(i, style) => (
        <CodeRow key={i} n={i + 1} line={lines[i]!} state={states[i] as LexState} style={style} view={view} />
      )}
    />
  );
}
