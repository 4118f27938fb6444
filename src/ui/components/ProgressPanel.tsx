/** Progress of the running open: stage, layer, bytes, rate, and a Cancel that really stops it. */
import { useEffect, useState } from 'react';
import type { Progress } from '../../core/types';
import { cancelOpen } from '../actions';
import { useAtom } from '../atom';
import { formatInt, formatRate, formatSize } from '../format';
import { app } from '../state';

const STAGES: Record<Progress['stage'], string> = {
  reading: 'Reading the file',
  scanning: 'Scanning for layers',
  decompressing: 'Decompressing',
  'reading-tar': 'Reading the tar',
  'building-tree': 'Building the tree',
  done: 'Done',
};

export function ProgressPanel() {
  const load = useAtom(app, (s) => s.load);
  const file = useAtom(app, (s) => s.file);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    // The clock ticks twice a second: every tick is a render, layout and paint while the decoder runs.
    const t = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(t);
  }, []);
  if (load.phase !== 'opening') return null;
  const p = load.progress;
  const frac = p && p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const elapsed = Math.max(0, (now - load.startedAt) / 1000);
  return (
    <div className="progress" role="status" aria-live="polite" aria-label="Progress">
      <div className="progress-title">
        Opening <strong>{file?.name}</strong>
      </div>
      <div className="progress-stage" data-stage={p?.stage ?? 'starting'}>
        {p ? STAGES[p.stage] : 'Starting the worker'}
        {p?.layer ? <span className="muted"> · {p.layer}</span> : null}
      </div>
      <div className="bar" aria-hidden="true">
        <span style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-nums mono">
        <span>{p ? `${formatSize(p.bytesDone)} / ${formatSize(p.bytesTotal)}` : '—'}</span>
        <span title={p ? `${formatInt(p.bytesDone)} of ${formatInt(p.bytesTotal)} bytes` : undefined}>
          {(frac * 100).toFixed(0)}%
        </span>
        <span>{formatRate(load.rate)}</span>
        <span>{elapsed.toFixed(1)} s</span>
      </div>
      <button type="button" className="btn" onClick={cancelOpen}>
        Cancel
      </button>
    </div>
  );
}
