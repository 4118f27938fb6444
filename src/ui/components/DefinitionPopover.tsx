/**
 * "Where is this defined?": a small popover next to an identifier in the viewer, listing its
 * definitions in this archive (file:line, kind) from the search worker's symbol index, plus
 * "References" (the whole-word search). Escape or a click elsewhere closes it; focus goes back to
 * the identifier.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DefSite } from '../../core/symbols/index';
import { openPath } from '../actions';
import { useAtom } from '../atom';
import { findReferences, lookupDefinitions } from '../search-actions';
import { searchView } from '../search-state';
import { Name } from './Name';

export interface PopoverTarget {
  name: string;
  el: HTMLElement;
}

const WIDTH = 380;

export function DefinitionPopover({ target, onClose }: { target: PopoverTarget; onClose: () => void }) {
  const [defs, setDefs] = useState<DefSite[] | null>(null);
  const indexed = useAtom(searchView, (s) => s.index?.done ?? false);
  const box = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  useEffect(() => {
    let live = true;
    setDefs(null);
    performance.mark('khi:lookup-start');
    void lookupDefinitions(target.name).then((r) => {
      if (!live) return;
      setDefs(r.defs);
      performance.mark('khi:lookup-done');
    });
    return () => {
      live = false;
    };
  }, [target.name]);

  useLayoutEffect(() => {
    const r = target.el.getBoundingClientRect();
    const h = box.current?.offsetHeight ?? 120;
    const left = Math.max(8, Math.min(r.left, window.innerWidth - WIDTH - 8));
    const below = r.bottom + 4;
    const top = below + h > window.innerHeight - 8 ? Math.max(8, r.top - h - 4) : below;
    setPos({ left, top });
  }, [target, defs]);

  useEffect(() => {
    const close = (restore: boolean): void => {
      onClose();
      if (restore) target.el.focus();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close(true);
    };
    const onDown = (e: PointerEvent): void => {
      if (!box.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown, true);
    };
  }, [target, onClose]);

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
      )}
    </div>
  );
}
