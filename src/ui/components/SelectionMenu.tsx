/** The "⋯" button on a line selection and its menu: "Copy link to these lines", "Copy lines". */
import { useEffect, useRef, useState } from 'react';
import type { LineRange } from '../share/url-state';
import { CheckMark, useCopied } from './CopyLink';
import { useDismiss } from './use-dismiss';
import { useMenuKeys } from './use-menu-keys';

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
    if (open) first.current?.focus();
  }, [open]);
  useDismiss(open, root, { onOutside: () => setOpen(false), event: 'mousedown' });

  const onKey = useMenuKeys(root, () => setOpen(false));
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
