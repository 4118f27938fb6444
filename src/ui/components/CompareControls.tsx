/**
 * Ways to start a comparison while an archive is open: the "Compare with…" button (a file input
 * named "Compare with another kernel artifact"), a drop zone, and the other archives of the recent
 * list; a link that compares names the file it waits for here.
 */
import { useRef, useState, type DragEvent } from 'react';
import { useAtom } from '../atom';
import { compareWithFile, compareWithRecent } from '../compare-actions';
import { compare } from '../compare-state';
import { app } from '../state';

/** Recent archives offered for comparing (the open one left out). */
const RECENT_SHOWN = 6;

export function CompareButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()}>
        Compare with…
      </button>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        aria-label="Compare with another kernel artifact"
        tabIndex={-1}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void compareWithFile(f);
        }}
      />
    </>
  );
}

/** A drop target for the second artifact (drops elsewhere still open a new archive). */
export function CompareDropZone() {
  const wanted = useAtom(compare, (s) => s.wanted);
  const items = useAtom(app, (s) => s.recent.items);
  const current = useAtom(app, (s) => s.file?.sha256 ?? null);
  const others = items.filter((m) => m.sha256 !== current).slice(0, RECENT_SHOWN);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    const f = e.dataTransfer.files[0];
    setOver(false);
    if (!f) return;
    e.preventDefault();
    e.stopPropagation(); // not the window's "open this file" drop
    void compareWithFile(f);
  };
  return (
    <div
      className={`compare-drop${over ? ' over' : ''}${wanted ? ' wanted' : ''}`}
      data-testid="compare-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {wanted ? (
        <span>
          This link compares with <strong>{wanted.archive.name || 'a second artifact'}</strong>
          {wanted.archive.kernel ? ` (kernel ${wanted.archive.kernel})` : ''}, fingerprint{' '}
          <span className="mono">{wanted.archive.sha256}</span>. Drop that file here, or use “Compare with…”.
        </span>
      ) : (
        <span className="muted">Drop a second kernel artifact here to compare it with this one.</span>
      )}
      {others.length > 0 && (
        <div className="compare-recent" role="group" aria-label="Compare with a recent archive">
          <span className="muted">Or compare with a recent archive:</span>
          {others.map((m) => (
            <button
              key={m.sha256}
              type="button"
              className="linkbtn small"
              title={`Compare with ${m.name} (sha256 ${m.sha256})`}
              onClick={() => void compareWithRecent(m.sha256)}
            >
              {m.name}
              {m.kernel ? ` (${m.kernel})` : ''}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
