/** The entries the last export left out because extracting them could write outside the folder. */
import { dismissExportSkipped } from '../actions';
import { useAtom } from '../atom';
import { app } from '../state';
import { Name } from './Name';

const SHOWN = 50;

export function ExportSkipped() {
  const note = useAtom(app, (s) => s.exportSkipped);
  if (!note) return null;
  const { file, skipped } = note;
  return (
    <section className="strip notes-strip" aria-label="Entries left out of the export">
      <div className="strip-body">
        <strong>
          {file} leaves out {skipped.length} {skipped.length === 1 ? 'entry' : 'entries'} that could write
          outside the folder when extracted:
        </strong>
        <ul>
          {skipped.slice(0, SHOWN).map((s, i) => (
            <li key={i}>
              <span className="mono">
                <Name text={s.path} />
              </span>{' '}
              <span className="muted">({s.reason})</span>
            </li>
          ))}
          {skipped.length > SHOWN && <li>and {skipped.length - SHOWN} more</li>}
        </ul>
      </div>
      <button type="button" className="btn" onClick={dismissExportSkipped}>
        Dismiss
      </button>
    </section>
  );
}
