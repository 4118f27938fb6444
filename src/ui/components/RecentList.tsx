/** Recent archives kept in this browser: name, kernel, size, when; open, remove, clear all. */
import { useEffect, useState } from 'react';
import { useAtom } from '../atom';
import { formatBytesExact, formatSize } from '../format';
import { clearRecent, openRecent, removeRecent } from '../share-actions';
import { formatBytes, type RecentMeta } from '../share/recent-store';
import { app } from '../state';

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function formatAgo(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 14) return `${d} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

function RecentItem({ m, now }: { m: RecentMeta; now: number }) {
  return (
    <li className="recent-item" data-sha={m.sha256}>
      <button
        type="button"
        className="recent-open"
        title={`Open ${m.name} (sha256 ${m.sha256})`}
        onClick={() => void openRecent(m.sha256)}
      >
        <span className="rname">{m.name}</span>
        <span className="rkernel">{m.kernel ? `Linux ${m.kernel}` : 'kernel unknown'}</span>
      </button>
      <span className="rsize" title={formatBytesExact(m.size)}>
        {formatSize(m.size)}
      </span>
      <time
        className="rwhen"
        dateTime={new Date(m.openedAt).toISOString()}
        title={new Date(m.openedAt).toLocaleString()}
      >
        {formatAgo(m.openedAt, now)}
      </time>
      <button
        type="button"
        className="rremove"
        aria-label={`Remove ${m.name} from recent archives`}
        title="Remove from this browser"
        onClick={() => void removeRecent(m.sha256)}
      >
        ×
      </button>
    </li>
  );
}

export function RecentList() {
  const recent = useAtom(app, (s) => s.recent);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!recent.ready) return null;
  const off = !recent.persistent || recent.problem !== null;
  if (recent.items.length === 0 && !off) return null;
  return (
    <section className="recent" aria-labelledby="recent-title">
      <div className="recent-head">
        <h2 id="recent-title">Recent</h2>
        {recent.items.length > 0 && (
          <button type="button" className="linkbtn small" onClick={() => void clearRecent()}>
            Clear all
          </button>
        )}
      </div>
      {recent.items.length > 0 && (
        <ul className="recent-list" aria-label="Recent archives">
          {recent.items.map((m) => (
            <RecentItem key={m.sha256} m={m} now={now} />
          ))}
        </ul>
      )}
      <p className="recent-foot small muted">
        {off
          ? `${recent.problem ?? 'Caching is off.'}${recent.persistent ? '' : ' Archives opened now are forgotten when this tab closes.'}`
          : `Kept in this browser only, up to ${formatBytes(recent.budget)}; the oldest go first. Nothing is uploaded.`}
      </p>
    </section>
  );
}
