/** The summary bar: one line of facts, each value selectable (a click selects it whole) and copyable. */
import type { ReactNode } from 'react';
import { copyText, setRight } from '../actions';
import { useAtom } from '../atom';
import { formatBytesExact, formatInt, formatSize } from '../format';
import { app } from '../state';

function Item({
  label,
  field,
  value,
  title,
  copy,
  wide,
}: {
  label: string;
  field: string;
  value: ReactNode;
  title?: string;
  copy?: string;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'sitem wide' : 'sitem'} data-field={field}>
      <span className="slabel">{label}</span>
      <span className="sval" title={title ?? (typeof value === 'string' ? value : undefined)}>
        {value}
      </span>
      {copy && (
        <button
          type="button"
          className="copy"
          aria-label={`Copy ${label}`}
          title={`Copy ${label}`}
          onClick={() => void copyText(copy, label)}
        >
          ⧉
        </button>
      )}
    </div>
  );
}

export function SummaryBar() {
  const file = useAtom(app, (s) => s.file);
  const result = useAtom(app, (s) => s.result);
  const phase = useAtom(app, (s) => s.load.phase);
  const pending = phase === 'opening' ? '…' : '—';
  const h = result?.headers ?? null;
  const version = result?.kernel.version ?? h?.kernelVersion ?? null;
  const arch = result?.kernel.arch ?? h?.arch ?? null;
  const cfg = result?.config ?? null;
  const errors = result?.errors.filter((e) => e.severity === 'error').length ?? 0;
  return (
    <section className="summary" aria-label="Summary">
      <Item label="File" field="name" value={file?.name ?? '—'} copy={file?.name} wide />
      <Item
        label="Size"
        field="size"
        value={file ? formatSize(file.size) : '—'}
        title={file ? formatBytesExact(file.size) : undefined}
        copy={file ? String(file.size) : undefined}
      />
      <Item
        label="SHA-256"
        field="sha256"
        value={
          file?.sha256 ? (
            <span className="mono">{file.sha256.slice(0, 12)}…</span>
          ) : file && phase !== 'failed' ? (
            pending
          ) : (
            '—'
          )
        }
        title={file?.sha256 ?? undefined}
        copy={file?.sha256 ?? undefined}
      />
      <Item
        label="Kernel"
        field="version"
        value={version ?? (result ? 'unknown' : pending)}
        copy={version ?? undefined}
        wide
      />
      <Item label="Arch" field="arch" value={arch ?? (result ? 'unknown' : pending)} />
      <Item
        label="Header files"
        field="files"
        value={h ? formatInt(h.files) : result ? 'none' : pending}
        title={
          h
            ? `${formatInt(h.files)} files, ${formatInt(h.dirs)} folders, ${formatInt(h.symlinks)} symlinks`
            : undefined
        }
      />
      <Item
        label="Header bytes"
        field="bytes"
        value={h ? formatSize(h.bytes) : result ? '—' : pending}
        title={h ? formatBytesExact(h.bytes) : undefined}
        copy={h ? String(h.bytes) : undefined}
      />
      <Item
        label="Config"
        field="config"
        value={
          cfg
            ? `${cfg.source === 'ikconfig' ? 'IKCONFIG' : cfg.source === 'file' ? '.config' : 'autoconf.h'} · ${formatInt(cfg.options)} options`
            : result
              ? 'not found'
              : pending
        }
      />
      {errors > 0 && (
        <button type="button" className="problems-chip" onClick={() => setRight('problems')}>
          {errors} problem{errors > 1 ? 's' : ''}
        </button>
      )}
    </section>
  );
}
