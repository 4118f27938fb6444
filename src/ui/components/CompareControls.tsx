/**
 * Ways to start a comparison while an archive is open: the "Compare with…" button (a file input
 * named "Compare with another kernel artifact") and a drop zone; a link that compares names the
 * file it waits for here.
 */
import { useRef, useState, type DragEvent } from 'react';
import { useAtom } from '../atom';
import { compareWithFile } from '../compare-actions';
import { compare } from '../compare-state';

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
    </div>
  );
}
