/**
 * Ways to start a comparison while an archive is open: the "Compare with…" button (a file input
 * named "Compare with another kernel artifact"), and the compare band. The band shows only while a
 * file is dragged over the page (a drop on it compares, a drop elsewhere opens), while a link waits
 * for its second file, or when "Compare with…" opens it to offer the other archives of the recent list.
 */
import { useRef, useState, type DragEvent } from 'react';
import { useAtom } from '../atom';
import { compareWithFile, compareWithRecent, setCompareOffer } from '../compare-actions';
import { compare } from '../compare-state';
import type { RecentMeta } from '../share/recent-policy';
import { app } from '../state';
import { HiddenFileInput } from './HiddenFileInput';

/** Recent archives offered for comparing (the open one left out). */
const RECENT_SHOWN = 6;
const BAND_ID = 'compare-band';

function useRecentOthers(): RecentMeta[] {
  const items = useAtom(app, (s) => s.recent.items);
  const current = useAtom(app, (s) => s.file?.sha256 ?? null);
  return items.filter((m) => m.sha256 !== current).slice(0, RECENT_SHOWN);
}

/** "Compare with…": the file picker, or with recent archives to offer, the band that lists them. */
export function CompareButton() {
  const input = useRef<HTMLInputElement>(null);
  const offer = useAtom(compare, (s) => s.offer);
  const band = useRecentOthers().length > 0;
  return (
    <>
      <button
        type="button"
        className="btn"
        aria-expanded={band ? offer : undefined}
        aria-controls={band && offer ? BAND_ID : undefined}
        onClick={() => (band ? setCompareOffer(!offer) : input.current?.click())}
      >
        Compare with…
      </button>
      <HiddenFileInput
        ref={input}
        id={`${BAND_ID}-file`}
        label="Compare with another kernel artifact"
        onFile={(f) => void compareWithFile(f)}
      />
    </>
  );
}

function RecentOffers({ others }: { others: RecentMeta[] }) {
  return (
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
      <button
        type="button"
        className="linkbtn small"
        onClick={() => document.getElementById(`${BAND_ID}-file`)?.click()}
      >
        Choose a file…
      </button>
    </div>
  );
}

/** A drop target for the second artifact (drops elsewhere still open a new archive). */
export function CompareDropZone() {
  const wanted = useAtom(compare, (s) => s.wanted);
  const offer = useAtom(compare, (s) => s.offer);
  const dragging = useAtom(app, (s) => s.dragging);
  const others = useRecentOthers();
  const [over, setOver] = useState(false);
  if (!dragging && !wanted && !(offer && others.length > 0)) return null;
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    const f = e.dataTransfer.files[0];
    setOver(false);
    if (!f) return;
    // Taken: the window's handler still ends the drag, but does not open the file (use-file-drop.ts).
    e.preventDefault();
    void compareWithFile(f);
  };
  return (
    <div
      id={BAND_ID}
      className={`compare-drop${dragging ? ' dragging' : ''}${over ? ' over' : ''}${wanted ? ' wanted' : ''}`}
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
      {others.length > 0 && <RecentOffers others={others} />}
    </div>
  );
}
