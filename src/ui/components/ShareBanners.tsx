/** The strips that share links add above the panes: URL notes, a fingerprint mismatch, a download. */
import { dismissMismatch, dismissNotes, tryPathAnyway } from '../actions';
import { useAtom } from '../atom';
import { formatSize } from '../format';
import { cancelRemote, dismissRemote, openRemote } from '../share-actions';
import { nameFromUrl } from '../share/remote';
import { app } from '../state';

/** Problems with the link in the address bar: shown, never thrown. */
export function LinkNotes() {
  const notes = useAtom(app, (s) => s.notes);
  if (notes.length === 0) return null;
  return (
    <section className="strip notes-strip" aria-label="Problems with this link">
      <div className="strip-body">
        <strong>This link could not be used as it is.</strong>
        <ul>
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn" onClick={dismissNotes}>
        Dismiss
      </button>
    </section>
  );
}

/** The file opened for a link is not the archive the link was made from. */
export function MismatchBanner() {
  const mismatch = useAtom(app, (s) => s.mismatch);
  if (!mismatch) return null;
  return (
    <section className="strip warn-strip" aria-label="Different archive">
      <div className="strip-body">
        <strong>Not the archive of the link.</strong> {mismatch.message}
      </div>
      {mismatch.target.path !== undefined && (
        <button type="button" className="btn" onClick={tryPathAnyway}>
          Try the path anyway
        </button>
      )}
      <button type="button" className="btn" onClick={dismissMismatch}>
        Dismiss
      </button>
    </section>
  );
}

/** A download in progress (with Cancel) or the reason it failed (with a way out). */
export function RemoteStatus({ variant }: { variant: 'card' | 'strip' }) {
  const remote = useAtom(app, (s) => s.remote);
  if (!remote) return null;
  const name = nameFromUrl(remote.src) ?? 'the archive';
  if (remote.phase === 'fetching') {
    const frac = remote.total ? Math.min(1, remote.done / remote.total) : null;
    return (
      <section className={`remote ${variant}`} aria-label="Download">
        <div className="remote-title">
          Downloading <span className="mono">{name}</span> from <strong>{remote.origin}</strong>
        </div>
        <div
          className={frac === null ? 'bar indeterminate' : 'bar'}
          role="progressbar"
          aria-label="Download progress"
          aria-valuemin={0}
          aria-valuemax={remote.total ?? undefined}
          aria-valuenow={remote.total ? remote.done : undefined}
        >
          <span style={frac === null ? undefined : { width: `${(frac * 100).toFixed(1)}%` }} />
        </div>
        <div className="progress-nums mono">
          <span>
            {formatSize(remote.done)}
            {remote.total !== null ? ` / ${formatSize(remote.total)}` : ''}
          </span>
          {frac !== null && <span>{(frac * 100).toFixed(0)}%</span>}
        </div>
        <div className="remote-actions">
          <button type="button" className="btn" onClick={cancelRemote}>
            Cancel download
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className={`remote failed ${variant}`} role="alert" aria-label="Download failed">
      <div className="remote-title">
        <strong>Could not download {name}</strong> from {remote.origin}
      </div>
      <p className="remote-msg">{remote.message}</p>
      <p className="small muted">
        The address:{' '}
        <a className="mono" href={remote.src} target="_blank" rel="noreferrer noopener">
          {remote.src}
        </a>
      </p>
      <div className="remote-actions">
        <button type="button" className="btn" onClick={() => void openRemote(remote.src)}>
          Try again
        </button>
        <button type="button" className="btn" onClick={dismissRemote}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
