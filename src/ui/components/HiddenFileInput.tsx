/** A visually hidden file input that a button clicks; the chosen file goes to `onFile` (and the input is reset). */
import type { Ref } from 'react';

export function HiddenFileInput(props: {
  label: string;
  onFile: (f: File) => void;
  id?: string;
  ref?: Ref<HTMLInputElement>;
}) {
  const { label, onFile, id, ref } = props;
  return (
    <input
      ref={ref}
      id={id}
      type="file"
      className="visually-hidden"
      aria-label={label}
      tabIndex={-1}
      onChange={(e) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (f) onFile(f);
      }}
    />
  );
}
