/**
 * The app bar's actions. Wide screens show them in a row; below 900 px (layout.css) they fold into a
 * "Menu" button (aria-expanded, aria-controls) that opens them as a list. Escape or a click outside
 * closes it and gives focus back to the button; choosing an action closes it too.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export function AppActions({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    const onDown = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);

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
