/** "Open URL": http(s) only, the origin shown before anything is fetched. */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { openRemote } from '../share-actions';
import { checkSourceUrl } from '../share/url-state';

/** Show the dialog as a modal once it is mounted. */
function useModal(dialog: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const d = dialog.current;
    // Removing the element on unmount takes it out of the top layer; no close() here, since its
    // 'close' event would reach the parent during React's StrictMode remount.
    if (d && !d.open) d.showModal();
  }, [dialog]);
}

/** What the typed address will do: nothing yet, download from an origin, or why it cannot. */
function UrlCheck({
  checked,
  origin,
}: {
  checked: ReturnType<typeof checkSourceUrl> | null;
  origin: string | null;
}) {
  return (
    <p id="url-check" className={checked && !checked.ok ? 'url-check error' : 'url-check'}>
      {checked === null ? (
        'The file is downloaded by this page and opened here; nothing is uploaded.'
      ) : checked.ok ? (
        <>
          Downloads from <strong className="mono">{origin}</strong>, without cookies.
        </>
      ) : (
        `This address cannot be opened: ${checked.why}`
      )}
    </p>
  );
}

function UrlInput({
  text,
  setText,
  invalid,
}: {
  text: string;
  setText: (t: string) => void;
  invalid: boolean;
}) {
  return (
    <input
      id="url-input"
      className="url-input mono"
      type="url"
      inputMode="url"
      autoComplete="off"
      spellCheck={false}
      placeholder="https://example.org/kheaders.tar.xz"
      value={text}
      onChange={(e) => setText(e.target.value)}
      aria-describedby="url-check"
      aria-invalid={invalid}
      autoFocus
    />
  );
}

export function OpenUrlDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  useModal(dialog);
  const raw = text.trim();
  const checked = raw === '' ? null : checkSourceUrl(raw);
  const origin = checked?.ok ? new URL(checked.value).origin : null;
  const submit = (): void => {
    if (!checked?.ok) return;
    onClose();
    void openRemote(checked.value);
  };
  return (
    <dialog
      ref={dialog}
      className="url-dialog"
      aria-labelledby="url-title"
      onClose={onClose}
      onCancel={onClose}
      onClick={(e) => {
        if (e.target === dialog.current) onClose(); // a click on the backdrop
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="url-title">Open an archive from a URL</h2>
        <label className="url-label" htmlFor="url-input">
          Address (http or https)
        </label>
        <UrlInput text={text} setText={setText} invalid={checked !== null && !checked.ok} />
        <UrlCheck checked={checked} origin={origin} />
        <p className="small muted">
          The server must allow other sites to read the file (CORS). If it does not, download it yourself,
          then drop it here.
        </p>
        <div className="url-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={!checked?.ok}>
            {origin ? `Download from ${origin}` : 'Download'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
