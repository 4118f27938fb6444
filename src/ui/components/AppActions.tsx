/**
 * The app bar's actions. Wide screens show them in a row; below 900 px (layout.css) they fold into a
 * "Menu" button (aria-expanded, aria-controls) that opens them as a list. Escape or a click outside
 * closes it and gives focus back to the button; choosing an action closes it too.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from './use-dismiss';

export function AppActions({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useDismiss(open, root, {
    onEscape: () => {
      setOpen(false);
      toggle.current?.focus();
    },
    onOutside: () => setOpen(false),
  });

  return (
    <div className="app-menu" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="btn menu-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <div
        id={id}
        className="app-actions"
        data-open={open}
        // An action chosen from the folded menu closes it (the click has done its work by then).
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('button')) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
