/** The "⋯" button on a line selection and its menu: "Copy link to these lines", "Copy lines". */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LineRange } from '../share/url-state';
import { CheckMark, useCopied } from './CopyLink';

export interface SelectionActions {
  copyLink: (r: LineRange) => Promise<boolean>;
  copyLines: (r: LineRange) => Promise<boolean>;
}

export function SelectionMenu({ range, actions }: { range: LineRange; actions: SelectionActions }) {
  const [open, setOpen] = useState(false);
  const [copied, run] = useCopied();
  const root = useRef<HTMLSpanElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const what = range.start === range.end ? `line ${range.start}` : `lines ${range.start}–${range.end}`;

  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const away = (e: MouseEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>('.sel-menu-btn')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
      const i = items.indexOf(document.activeElement as HTMLButtonElement);
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };
  const pick = (copy: (r: LineRange) => Promise<boolean>) => () => {
    setOpen(false);
    run(() => copy(range));
  };

  return (
    <span className="sel-menu" ref={root} onKeyDown={onKey} onClick={(e) => e.stopPropagation()}>
      {copied ? (
        <span className="sel-copied" role="status">
          <CheckMark /> Link copied
        </span>
      ) : (
        <button
          type="button"
          className="sel-menu-btn"
          aria-label={`Actions for ${what}`}
          aria-haspopup="menu"
          aria-expanded={open}
          title={`Actions for ${what}`}
          onClick={() => setOpen((o) => !o)}
        >
          ⋯
        </button>
      )}
      {open && (
        <span className="menu" role="menu" aria-label={`Actions for ${what}`}>
          <button ref={first} type="button" role="menuitem" onClick={pick(actions.copyLink)}>
            Copy link to these lines
          </button>
          <button type="button" role="menuitem" onClick={pick(actions.copyLines)}>
            Copy {what}
          </button>
        </span>
      )}
    </span>
  );
}
