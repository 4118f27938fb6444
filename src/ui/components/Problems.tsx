/** Errors and warnings from every layer: what failed, at which layer, at which offset. */
import type { KhiError } from '../../core/errors';
import { formatInt, hex } from '../format';
import { Name } from './Name';

export function ProblemList({ errors }: { errors: KhiError[] }) {
  if (errors.length === 0)
    return <div className="placeholder">No problems: every layer was read completely.</div>;
  return (
    <ul className="problems" aria-label="Problems">
      {errors.map((e, i) => (
        <li key={i} className={e.severity}>
          <div className="pline">
            <span className={`badge ${e.severity === 'error' ? 'err' : 'warn'}`}>{e.severity}</span>
            <span className="mono">{e.code}</span>
            {e.layer && (
              <span className="muted">
                in <Name text={e.layer} isolate={false} />
              </span>
            )}
            {e.offset !== undefined && (
              <span className="mono muted">
                at {hex(e.offset)} ({formatInt(e.offset)})
              </span>
            )}
          </div>
          <div className="pmsg">
            <Name text={e.message} isolate={false} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** One line above the panes when something could not be read completely. */
export function ErrorBanner({ errors, partial }: { errors: KhiError[]; partial: boolean }) {
  const first = errors.find((e) => e.severity === 'error');
  if (!first) return null;
  return (
    <div className="banner" role="alert">
      <strong>{first.layer ? <Name text={`${first.layer}: `} isolate={false} /> : ''}</strong>
      <Name text={first.message} isolate={false} />
      {first.offset !== undefined && (
        <span className="mono">
          {' '}
          (offset {hex(first.offset)} = {formatInt(first.offset)})
        </span>
      )}
      {errors.length > 1 && <span> · {errors.length - 1} more</span>}
      {partial && <span> · everything that could be read is shown below.</span>}
    </div>
  );
}
