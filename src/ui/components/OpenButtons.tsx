/** The three ways to open an artifact by hand: a file, a URL, the bundled sample (app bar and empty page). */
import { openSample } from '../actions';

export function OpenButtons(props: { onPick: () => void; onOpenUrl: () => void; primary?: boolean }) {
  return (
    <>
      <button type="button" className={props.primary ? 'btn primary' : 'btn'} onClick={props.onPick}>
        Open file…
      </button>
      <button type="button" className="btn" onClick={props.onOpenUrl}>
        Open URL…
      </button>
      <button type="button" className="btn" onClick={() => void openSample()}>
        Open sample
      </button>
    </>
  );
}
