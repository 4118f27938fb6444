/** The app shell: app bar, summary, two panes, status line. State lives in state.ts, jobs in actions.ts. */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { openInput, openSample, setLeft, setRight } from './actions';
import { useAtom } from './atom';
import { AppActions } from './components/AppActions';
import { ChecksPanel, checksTabLabel } from './components/ChecksPanel';
import { CompareButton, CompareDropZone } from './components/CompareControls';
import { CopyLinkButton } from './components/CopyLink';
import { EmptyState } from './components/EmptyState';
import { HeaderTree } from './components/HeaderTree';
import { NothingFound } from './components/NothingFound';
import { ErrorBanner, ProblemList } from './components/Problems';
import { ProgressPanel } from './components/ProgressPanel';
import { ExportSkipped } from './components/ExportSkipped';
import { LinkNotes, MismatchBanner, RemoteStatus } from './components/ShareBanners';
import { SummaryBar } from './components/SummaryBar';
import { Tabs } from './components/Tabs';
import { UpdatePrompt } from './components/UpdatePrompt';
import { formatInt } from './format';
import { consumeLaunches } from './pwa/launch-queue';
import { initSearch } from './search-actions';
import { initCompare } from './compare-actions';
import { compare } from './compare-state';
import {
  CompareSummary,
  CompareView,
  ConfigPanel,
  FileViewer,
  LayerReport,
  OpenUrlDialog,
  SearchPanel,
} from './lazy-panels';
import { initShare } from './share-actions';
import { app, type LeftTab, type RightTab } from './state';
import { useFileDrop } from './use-file-drop';

function countLayers(l: { children: { children: unknown[] }[] }): number {
  let n = 1;
  for (const c of l.children) n += countLayers(c as typeof l);
  return n;
}

function LeftPane() {
  const left = useAtom(app, (s) => s.left);
  const result = useAtom(app, (s) => s.result);
  const tree = useAtom(app, (s) => s.tree);
  const openId = useAtom(app, (s) => s.openId);
  const phase = useAtom(app, (s) => s.load.phase);
  const tabs = [
    {
      id: 'tree' as LeftTab,
      label: result?.headers ? `Headers · ${formatInt(result.headers.files)}` : 'Headers',
      disabled: !result,
    },
    {
      id: 'layers' as LeftTab,
      label: result ? `Layers · ${countLayers(result.layers)}` : 'Layers',
      disabled: !result,
    },
    { id: 'search' as LeftTab, label: 'Search', disabled: !tree },
  ];
  return (
    <section className="pane left" aria-label="Archive">
      <Tabs label="Archive views" tabs={tabs} value={left} onChange={setLeft} />
      <div className="pane-body" role="tabpanel" aria-labelledby={`tab-${left}`}>
        {phase === 'opening' && <ProgressPanel />}
        {result &&
          left === 'tree' &&
          (tree ? <HeaderTree key={openId} tree={tree} /> : <NothingFound result={result} />)}
        {result && left === 'layers' && <LayerReport root={result.layers} openId={openId} />}
        {result && left === 'search' && <SearchPanel />}
      </div>
    </section>
  );
}

function RightPane() {
  const right = useAtom(app, (s) => s.right);
  const result = useAtom(app, (s) => s.result);
  const tree = useAtom(app, (s) => s.tree);
  const checks = useAtom(app, (s) => s.checks);
  const problems = result?.errors.length ?? 0;
  const tabs = [
    { id: 'file' as RightTab, label: 'File', disabled: !result },
    {
      id: 'config' as RightTab,
      label: result?.config ? `Config · ${formatInt(result.config.options)}` : 'Config',
      disabled: !result?.configText,
    },
    {
      id: 'problems' as RightTab,
      label: problems ? `Problems · ${problems}` : 'Problems',
      disabled: !result,
    },
    { id: 'checks' as RightTab, label: checksTabLabel(checks), disabled: !result },
  ];
  return (
    <section className="pane right" aria-label="Viewer">
      <Tabs label="Viewer" tabs={tabs} value={right} onChange={setRight} />
      <div className="pane-body" role="tabpanel" aria-labelledby={`tab-${right}`}>
        {result && right === 'file' && <FileViewer tree={tree} />}
        {result && right === 'config' && result.configText && (
          <ConfigPanel text={result.configText} summary={result.config} />
        )}
        {result && right === 'problems' && <ProblemList errors={result.errors} />}
        {result && right === 'checks' && <ChecksPanel />}
      </div>
    </section>
  );
}

function Failed() {
  const load = useAtom(app, (s) => s.load);
  if (load.phase !== 'failed') return null;
  return (
    <div className="failed" role="alert">
      <h2>Could not open this file</h2>
      <p>
        <span className="mono">{load.error.code}</span>: {load.error.message}
      </p>
      {load.error.layer && <p className="muted">Layer: {load.error.layer}</p>}
    </div>
  );
}

function AppBar({ onPick, onOpenUrl, onFile, input }: BarProps) {
  const phase = useAtom(app, (s) => s.load.phase);
  return (
    <header className="appbar">
      <span className="brand">kheaders-inspector</span>
      <span className="muted tagline">
        Nothing is uploaded: Linux kernel header archives and images open in your browser.
      </span>
      <span className="spacer" />
      <AppActions>
        {phase === 'ready' && <CopyLinkButton />}
        {phase === 'ready' && <CompareButton />}
        <button type="button" className="btn" onClick={onPick}>
          Open file…
        </button>
        <button type="button" className="btn" onClick={onOpenUrl}>
          Open URL…
        </button>
        <button type="button" className="btn" onClick={() => void openSample()}>
          Open sample
        </button>
      </AppActions>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        aria-label="Open a kernel artifact"
        tabIndex={-1}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) onFile(f);
        }}
      />
    </header>
  );
}

interface BarProps {
  onPick: () => void;
  onOpenUrl: () => void;
  onFile: (f: File) => void;
  input: RefObject<HTMLInputElement | null>;
}

/** An open archive (or its failure): summary, problems, the compare band, and the panes or the comparison. */
function Opened() {
  const phase = useAtom(app, (s) => s.load.phase);
  const result = useAtom(app, (s) => s.result);
  const tree = useAtom(app, (s) => s.tree);
  const comparing = useAtom(compare, (s) => s.phase !== 'off');
  return (
    <>
      {comparing ? <CompareSummary /> : <SummaryBar />}
      {result && <ErrorBanner errors={result.errors} partial={tree !== null} />}
      {phase === 'ready' && !comparing && <CompareDropZone />}
      {phase === 'failed' ? (
        <Failed />
      ) : comparing ? (
        <CompareView />
      ) : (
        <main className="panes">
          <LeftPane />
          <RightPane />
        </main>
      )}
    </>
  );
}

/** Files from drops, pastes and the Launch Queue; the share, search and compare modules started once. */
function useAppInputs(onFile: (f: File) => void): void {
  useFileDrop(onFile);
  useEffect(() => initShare(), []);
  useEffect(() => consumeLaunches(onFile), [onFile]);
  useEffect(() => initSearch(), []);
  useEffect(() => initCompare(), []);
}

export function App() {
  const phase = useAtom(app, (s) => s.load.phase);
  const notice = useAtom(app, (s) => s.notice);
  const dragging = useAtom(app, (s) => s.dragging);
  const input = useRef<HTMLInputElement>(null);
  const [urlDialog, setUrlDialog] = useState(false);
  const onFile = useCallback((f: File) => void openInput(f), []);
  useAppInputs(onFile);
  const pick = (): void => input.current?.click();
  const openUrl = (): void => setUrlDialog(true);

  return (
    <div className="app">
      <AppBar onPick={pick} onOpenUrl={openUrl} onFile={onFile} input={input} />
      <LinkNotes />
      <ExportSkipped />
      {phase !== 'empty' && <RemoteStatus variant="strip" />}
      <MismatchBanner />
      {phase === 'empty' ? <EmptyState onPick={pick} onOpenUrl={openUrl} /> : <Opened />}
      <footer className="status" role="status" aria-live="polite">
        {notice ?? ''}
      </footer>
      <UpdatePrompt />
      {urlDialog && <OpenUrlDialog onClose={() => setUrlDialog(false)} />}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop to open</div>
        </div>
      )}
    </div>
  );
}
