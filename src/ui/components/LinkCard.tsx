/**
 * The card on the empty page when a link names an archive that is not here: what it points to, and
 * how to get it (drop it, pick it, or download it from the link's `src` after seeing its origin).
 */
import type { ReactNode } from 'react';
import { useAtom } from '../atom';
import { dismissLink, openRemote } from '../share-actions';
import { formatLines, summarise } from '../share/link-target';
import type { UrlState } from '../share/url-state';
import { app } from '../state';

/**
 * `cardMessage` with the path and the file name set as code. Same words (a unit test compares the
 * text), so the card reads exactly like the documented sentence.
 */
export function LinkMessage({ state }: { state: UrlState }) {
  const s = summarise(state);
  const facts = [s.shaShort ? `sha256 ${s.shaShort}` : null, s.kernel ? `Linux ${s.kernel}` : null].filter(
    (f) => f !== null,
  );
  // Each fact stays on one line ("sha256 1a2b3c4d…" never splits).
  const details =
    facts.length > 0 ? (
      <>
        {' ('}
        {facts.map((f, i) => (
          <span key={f} className="nowrap">
            {i > 0 ? ', ' : ''}
            {f}
          </span>
        ))}
        {')'}
      </>
    ) : null;
  let archive: ReactNode = null;
  if (s.name !== undefined) {
    archive = (
      <>
        <code className="link-name">{s.name}</code>
        {details}
      </>
    );
  } else if (s.shaShort !== undefined) {
    archive = <>an archive{details}</>;
  }
  const where =
    s.path !== undefined ? (
      <>
        <code className="link-path">{s.path}</code>
        {s.lines ? <span className="link-lines">, {formatLines(s.lines)}</span> : null}
      </>
    ) : null;
  const ask = s.shaShort ? 'Drop that file here to open it.' : 'Drop the archive here to open it.';
  return (
    <p className="link-message">
      This link points to{' '}
      {where && archive ? (
        <>
          {where}, in {archive}
        </>
      ) : (
        (where ?? archive)
      )}
      . {ask}
    </p>
  );
}

export function LinkCard({ onPick }: { onPick: () => void }) {
  const link = useAtom(app, (s) => s.link);
  const fetching = useAtom(app, (s) => s.remote?.phase === 'fetching');
  if (!link) return null;
  if (link.checking) {
    return (
      <section className="link-card checking" aria-label="Shared link" aria-busy="true">
        <p className="muted">Looking for the linked archive in this browser…</p>
      </section>
    );
  }
  const t = link.target;
  const named = t.archive !== undefined || t.path !== undefined;
  return (
    <section className="link-card" aria-label="Shared link">
      <h2>Shared link</h2>
      {named ? (
        <LinkMessage state={t} />
      ) : (
        <p className="link-message">
          This link opens an archive from <strong>{link.origin}</strong>.
        </p>
      )}
      {t.compare && (
        <p className="link-message" data-testid="link-compare">
          It compares that archive with{' '}
          <code className="link-name">{t.compare.archive.name || 'a second one'}</code>{' '}
          <span className="nowrap">(sha256 {t.compare.archive.sha256.slice(0, 12)}…)</span>: drop that file
          next, once the first is open.
        </p>
      )}
      {link.src !== null && link.origin !== null && (
        <p className="link-src">
          {named ? 'The link also says where to download it: ' : 'Nothing is downloaded until you ask: '}
          <strong className="mono">{link.origin}</strong>.
        </p>
      )}
      <div className="link-actions">
        {link.src !== null && link.origin !== null && (
          <button
            type="button"
            className="btn primary"
            disabled={fetching}
            onClick={() => link.src !== null && void openRemote(link.src)}
          >
            Download from {link.origin}
          </button>
        )}
        <button type="button" className={link.src === null ? 'btn primary' : 'btn'} onClick={onPick}>
          Choose the file…
        </button>
        <button type="button" className="btn" onClick={dismissLink}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
