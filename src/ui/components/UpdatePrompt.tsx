/** "New version available — Reload": a small card in a corner that never blocks the page. */
import { useAtom } from '../atom';
import { applyUpdate, dismissUpdate, waitingWorker } from '../pwa/sw-client';

export function UpdatePrompt() {
  const waiting = useAtom(waitingWorker, (w) => w !== null);
  if (!waiting) return null;
  return (
    <aside className="update-prompt" role="status" aria-label="Update">
      <span>A new version of kheaders-inspector is available.</span>
      <button type="button" className="btn primary" onClick={applyUpdate}>
        Reload
      </button>
      <button type="button" className="btn" onClick={dismissUpdate}>
        Later
      </button>
    </aside>
  );
}
