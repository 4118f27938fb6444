/**
 * The readiness checks (core/checks.ts, run in the worker): is this archive ready for bcc, bpftrace
 * and module builds? Each check shows pass / warn / fail, what it found and what that means; the
 * missing files and dangling links are listed under the name policy, a link with a button that
 * shows it in the tree.
 */
import { itemText, verdictOf, type Check, type CheckItem, type Verdict } from '../../core/checks';
import { findNode } from '../../core/tree';
import type { TreeNode } from '../../core/types';
import { reveal } from '../actions';
import { useAtom } from '../atom';
import { formatInt } from '../format';
import { app } from '../state';
import { Name, nameText } from './Name';
import '../checks.css';

/** Items listed per check; the rest are counted (an Android tree can hold thousands of bad links). */
const MAX_ITEMS = 500;
const BADGE: Record<Verdict, string> = { pass: 'ok', warn: 'warn', fail: 'err' };

/** "Checks", then how many failed: the tab says the verdict before it is opened. */
export function checksTabLabel(checks: readonly Check[] | null): string {
  if (!checks) return 'Checks';
  const failed = checks.filter((c) => verdictOf(c) === 'fail').length;
  return failed ? `Checks · ${failed} failed` : 'Checks · ready';
}

function Item({ item, tree }: { item: CheckItem; tree: TreeNode | null }) {
  const inTree = tree !== null && findNode(tree, item.path) !== null;
  return (
    <li className="mono">
      {inTree ? (
        <button
          type="button"
          className="linkbtn"
          title="Show in the tree"
          aria-label={`Show ${nameText(item.path)} in the tree`}
          onClick={() => reveal(item.path)}
        >
          <Name text={item.path} />
        </button>
      ) : (
        <Name text={item.path} />
      )}
      {item.target !== undefined && (
        <>
          {' → '}
          <Name text={item.target} />
          {item.why && <span className="muted"> ({item.why})</span>}
        </>
      )}
    </li>
  );
}

export function ChecksPanel() {
  const checks = useAtom(app, (s) => s.checks);
  const tree = useAtom(app, (s) => s.tree);
  if (!checks) return <div className="placeholder">Running the readiness checks…</div>;
  const failed = checks.filter((c) => verdictOf(c) === 'fail');
  return (
    <div className="checks">
      <p className={`checks-head ${failed.length ? 'fail' : 'pass'}`}>
        {failed.length
          ? `Not ready for bcc, bpftrace or module builds: ${failed.length} of ${checks.length} checks failed (${failed.map((c) => c.title).join(', ')}).`
          : 'Ready for bcc, bpftrace and module builds: no check failed.'}
      </p>
      <ul className="check-list" aria-label="Readiness checks">
        {checks.map((c) => {
          const v = verdictOf(c);
          return (
            <li key={c.id} className={`check ${v}`} data-check={c.id} data-verdict={v}>
              <h3 className="check-title">
                <span className={`badge ${BADGE[v]}`}>{v}</span> {c.title}
              </h3>
              <p className="check-found">
                <Name text={c.found} isolate={false} />
              </p>
              <p className="check-meaning muted">{c.meaning}</p>
              {c.items.length > 0 && (
                <ul className="check-items" aria-label={`${c.title}: ${c.items.length} paths`}>
                  {c.items.slice(0, MAX_ITEMS).map((item) => (
                    <Item key={itemText(item)} item={item} tree={tree} />
                  ))}
                  {c.items.length > MAX_ITEMS && (
                    <li className="muted">… and {formatInt(c.items.length - MAX_ITEMS)} more</li>
                  )}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
