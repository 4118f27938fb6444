/**
 * "Where is this defined?": a small popover next to an identifier in the viewer, listing its
 * definitions in this archive (file:line, kind) from the search worker's symbol index, plus
 * "References" (the whole-word search). Escape or a click elsewhere closes it; focus goes back to
 * the identifier.
 */
import { useEffect, useRef } from 'react';
import type { DefSite } from '../../core/symbols/index';
import { openPath } from '../actions';
import { useAtom } from '../atom';
import { findReferences } from '../search-actions';
import { searchView } from '../search-state';
import { Name } from './Name';
import { useAnchoredPosition } from './use-anchored-position';
import { useDefinitions } from './use-definitions';
import { useDismiss } from './use-dismiss';

export interface PopoverTarget {
  name: string;
  el: HTMLElement;
}

const WIDTH = 380;

function DefList({ defs, go }: { defs: DefSite[]; go: (d: DefSite) => void }) {
  return (
    <ul className="def-list">
      {defs.slice(0, 50).map((d) => (
        <li key={`${d.path}:${d.line}:${d.kind}`}>
          <button type="button" className="def-item" onClick={() => go(d)}>
            <span className="def-where">
              <Name text={d.path} />:{d.line}
            </span>
            <span className="def-kind">{d.kind}</span>
          </button>
        </li>
      ))}
      {defs.length > 50 && <li className="def-note">…and {defs.length - 50} more</li>}
    </ul>
  );
}

export function DefinitionPopover({ target, onClose }: { target: PopoverTarget; onClose: () => void }) {
  const indexed = useAtom(searchView, (s) => s.index?.done ?? false);
  const box = useRef<HTMLDivElement>(null);
  const defs = useDefinitions(target.name);
  const pos = useAnchoredPosition(target.el, box, WIDTH, defs);
  useDismiss(true, box, {
    onEscape: () => {
      onClose();
      target.el.focus();
    },
    onOutside: onClose,
    capture: true,
  });

  // Focus the first choice once the list is there (keyboard users continue with Tab / Enter).
  useEffect(() => {
    const b = box.current;
    if (defs && b)
      (b.querySelector<HTMLElement>('.def-item') ?? b.querySelector<HTMLElement>('button'))?.focus();
  }, [defs]);

  const go = (d: DefSite): void => {
    onClose();
    void openPath(d.path, { start: d.line, end: d.line });
  };

  return (
    <div
      ref={box}
      className="def-popover"
      role="dialog"
      aria-label={`Definitions of ${target.name}`}
      style={{ left: pos?.left ?? -9999, top: pos?.top ?? -9999, width: WIDTH }}
    >
      <div className="def-head">
        <span className="mono def-name">{target.name}</span>
        <button
          type="button"
          className="btn small"
          onClick={() => {
            onClose();
            findReferences(target.name);
          }}
        >
          References
        </button>
      </div>
      {defs === null ? (
        <p className="def-note">{indexed ? 'Looking up…' : 'Indexing the archive…'}</p>
      ) : defs.length === 0 ? (
        <p className="def-note">No definition in this archive.</p>
      ) : (
        <DefList defs={defs} go={go} />
      )}
    </div>
  );
}
