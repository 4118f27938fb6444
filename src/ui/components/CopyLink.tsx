/** "Copy link" with a short "Link copied" confirmation in place. */
import { useEffect, useRef, useState } from 'react';
import { copyLink } from '../actions';
import { useAtom } from '../atom';
import type { LineRange } from '../share/url-state';
import { app } from '../state';

/** Runs `copy` and reports true for two seconds after it succeeded. */
export function useCopied(): [boolean, (copy: () => Promise<boolean>) => void] {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const run = (copy: () => Promise<boolean>): void => {
    void copy().then((ok) => {
      if (!ok) return;
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 2000);
    });
  };
  return [copied, run];
}

export function CheckMark() {
  return (
    <svg className="check" width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

/** The toolbar button: a link to the current view (archive, file, lines, panel). */
export function CopyLinkButton({ lines }: { lines?: LineRange }) {
  const ready = useAtom(app, (s) => s.file?.sha256 != null);
  const [copied, run] = useCopied();
  return (
    <button
      type="button"
      className={copied ? 'btn copied' : 'btn'}
      disabled={!ready}
      title={ready ? 'Copy a link that opens this view' : 'Waiting for the fingerprint…'}
      onClick={() => run(() => copyLink(lines))}
    >
      {copied ? (
        <>
          <CheckMark /> Link copied
        </>
      ) : (
        'Copy link'
      )}
    </button>
  );
}
