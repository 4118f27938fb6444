/** The first screen: a link card, a drop target, the file picker, the sample, recent archives. */
import { useEffect, useState } from 'react';
import { useAtom } from '../atom';
import { app } from '../state';
import { LinkCard } from './LinkCard';
import { OpenButtons } from './OpenButtons';
import { RecentList } from './RecentList';
import { RemoteStatus } from './ShareBanners';

interface SampleInfo {
  name?: string;
  description?: string;
  source?: string;
  license?: string;
}

export function EmptyState({ onPick, onOpenUrl }: { onPick: () => void; onOpenUrl: () => void }) {
  const [sample, setSample] = useState<SampleInfo | null>(null);
  // With a link card above it, the drop zone stays active but gives the card the room.
  const linked = useAtom(app, (s) => s.link !== null);
  useEffect(() => {
    let live = true;
    fetch('./samples/sample.json')
      .then((r) => (r.ok ? (r.json() as Promise<SampleInfo>) : null))
      .then((j) => live && setSample(j))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="empty">
      <LinkCard onPick={onPick} />
      <RemoteStatus variant="card" />
      <div className={linked ? 'dropzone compact' : 'dropzone'}>
        <h1>Drop a kernel artifact anywhere on this page</h1>
        <p className="muted">
          <code>kheaders.tar.xz</code>, <code>kheaders.ko</code>, <code>vmlinuz</code>/<code>bzImage</code>,{' '}
          <code>Image.gz</code>, EFI zboot, <code>boot.img</code>, uImage or <code>vmlinux</code>. It is
          opened in this browser: nothing is uploaded.
        </p>
        <div className="empty-actions">
          <OpenButtons onPick={onPick} onOpenUrl={onOpenUrl} primary />
        </div>
        <p className="muted small">You can also paste a file (Ctrl+V).</p>
        {sample && !linked && (
          <p className="sample-info small muted">
            Sample: {sample.name ?? 'sample-kernel.bin'}
            {sample.description ? ` — ${sample.description}` : ''}
            {sample.source ? ` Source: ${sample.source}.` : ''}
            {sample.license ? ` License: ${sample.license}.` : ''}
          </p>
        )}
      </div>
      <RecentList />
    </div>
  );
}
