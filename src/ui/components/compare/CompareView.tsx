/**
 * The comparison on screen, in place of the single-archive panes: a summary naming both kernels
 * with the totals, the diff tree, and the line diff or config diff.
 */
import '../../compare.css';
import { useAtom } from '../../atom';
import {
  closeComparison,
  loadLineDiff,
  setComparePanel,
  setDiffLayout,
  setDiffLines,
} from '../../compare-actions';
import { compare, type ComparePanel } from '../../compare-state';
import { app } from '../../state';
import { kernelOf } from '../../url-sync';
import { Tabs } from '../Tabs';
import { ConfigDiffPanel } from './ConfigDiffPanel';
import { DiffTree } from './DiffTree';
import { LineDiffView } from './LineDiffView';
import { totalsText } from './diff-format';
import { formatInt } from '../../format';
import { Name } from '../Name';

function Side({ label, name, kernel }: { label: string; name: string; kernel: string | undefined }) {
  return (
    <span className="cside">
      <span className="slabel">{label}</span> <strong>{kernel ?? 'unknown kernel'}</strong>{' '}
      <span className="muted mono">{name}</span>
    </span>
  );
}

export function CompareSummary() {
  const file = useAtom(app, (s) => s.file);
  const resultA = useAtom(app, (s) => s.result);
  const c = useAtom(compare, (s) => s);
  return (
    <section className="summary compare-summary" aria-label="Comparison">
      <Side label="A" name={file?.name ?? ''} kernel={kernelOf(resultA)} />
      <span aria-hidden="true">→</span>
      <Side label="B" name={c.other?.name ?? ''} kernel={kernelOf(c.result)} />
      <span className="ctotals" data-field="totals">
        {c.phase === 'opening' && 'Comparing…'}
        {c.phase === 'failed' && `Could not compare: ${c.error}`}
        {c.comparison && totalsText(c.comparison.totals)}
      </span>
      <span className="spacer" />
      <button type="button" className="btn" onClick={closeComparison}>
        Close comparison
      </button>
    </section>
  );
}

function RightSide() {
  const panel = useAtom(compare, (s) => s.panel);
  const diff = useAtom(compare, (s) => s.diff);
  const lines = useAtom(compare, (s) => s.lines);
  const layout = useAtom(compare, (s) => s.layout);
  const config = useAtom(compare, (s) => s.comparison?.config ?? null);
  const tabs = [
    { id: 'lines' as ComparePanel, label: 'Line diff' },
    {
      id: 'config' as ComparePanel,
      label: config ? `Config diff · ${formatInt(config.changes.length)}` : 'Config diff',
    },
  ];
  return (
    <section className="pane right" aria-label="Differences viewer">
      <Tabs label="Comparison views" tabs={tabs} value={panel} onChange={setComparePanel} />
      <div className="pane-body" role="tabpanel" aria-labelledby={`tab-${panel}`}>
        {panel === 'config' && <ConfigDiffPanel diff={config} />}
        {panel === 'lines' && !diff && (
          <p className="pad muted">Choose a changed file to see its line diff.</p>
        )}
        {panel === 'lines' && diff && (
          <div className="viewer">
            <div className="viewer-head">
              <span className="mono vpath">
                <Name text={diff.path} />
              </span>
              <label className="check">
                <input
                  type="checkbox"
                  checked={diff.whole}
                  onChange={(e) => void loadLineDiff(diff.path, e.target.checked)}
                />
                Whole file
              </label>
            </div>
            {diff.loading && <p className="pad muted">Comparing lines…</p>}
            {diff.error && <p className="pad">{diff.error}</p>}
            {diff.reply && (
              <LineDiffView
                key={diff.path}
                reply={diff.reply}
                lines={lines}
                layout={layout}
                onLines={setDiffLines}
                onLayout={setDiffLayout}
              />
            )}
          </div>
        )}
      </div>
    </section>
  );
}

export function CompareView() {
  const tree = useAtom(compare, (s) => s.comparison?.tree ?? null);
  const phase = useAtom(compare, (s) => s.phase);
  return (
    <main className="panes compare">
      <section className="pane left" aria-label="Both archives">
        <div className="pane-body">
          {phase === 'opening' && <p className="pad muted">Opening and comparing the second artifact…</p>}
          {tree && <DiffTree tree={tree} />}
        </div>
      </section>
      <RightSide />
    </main>
  );
}
