/** The viewed file as text (null for a binary file), and what the line selection's menu does with it. */
import { useMemo } from 'react';
import { copyLink, copyText } from '../actions';
import type { LineRange } from '../share/url-state';
import type { SelectionActions } from './SelectionMenu';

/** A NUL in the first 8 KiB makes a file binary (as git and grep decide). */
function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

export function useViewerText(bytes: Uint8Array | null | undefined): string | null {
  return useMemo(() => (bytes && !isBinary(bytes) ? new TextDecoder().decode(bytes) : null), [bytes]);
}

export function useSelectionActions(text: string | null): SelectionActions | undefined {
  return useMemo<SelectionActions | undefined>(
    () =>
      text === null
        ? undefined
        : {
            copyLink: (r: LineRange) => copyLink(r),
            copyLines: async (r: LineRange) => {
              const lines =
                text
                  .split('\n')
                  .slice(r.start - 1, r.end)
                  .join('\n') + '\n';
              await copyText(lines, r.start === r.end ? `line ${r.start}` : `lines ${r.start}–${r.end}`);
              return false;
            },
          },
    [text],
  );
}
