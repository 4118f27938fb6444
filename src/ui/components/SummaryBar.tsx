/** The summary bar: one line of facts, each value selectable (a click selects it whole) and copyable. */
import type { ReactNode } from 'react';
import { copyText, setRight } from '../actions';
import { useAtom } from '../atom';
import { formatBytesExact, formatInt, formatSize } from '../format';
import type { ConfigSummary } from '../../core/types';
import type { OpenedResult } from '../../worker/protocol';
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

/** A byte count: its size in KiB/MiB, the exact count on hover and to copy; `none` when there is none. */
function SizeItem({
  label,
  field,
  bytes,
  none,
}: {
  label: string;
  field: string;
  bytes: number | null;
  none: string;
}) {
  return (
    <Item
      label={label}
      field={field}
      value={bytes !== null ? formatSize(bytes) : none}
      title={bytes !== null ? formatBytesExact(bytes) : undefined}
      copy={bytes !== null ? String(bytes) : undefined}
    />
  );
}

function configText(cfg: ConfigSummary): string {
  const source = cfg.source === 'ikconfig' ? 'IKCONFIG' : cfg.source === 'file' ? '.config' : 'autoconf.h';
  return `${source} · ${formatInt(cfg.options)} options`;
}

/** Name, size and fingerprint of the opened file. */
function FileItems({ pending }: { pending: string }) {
  const file = useAtom(app, (s) => s.file);
  const failed = useAtom(app, (s) => s.load.phase === 'failed');
  return (
    <>
      <Item label="File" field="name" value={file?.name ?? '—'} copy={file?.name} wide />
      <SizeItem label="Size" field="size" bytes={file ? file.size : null} none="—" />
      <Item
        label="SHA-256"
        field="sha256"
        value={
          file?.sha256 ? (
            <span className="mono">{file.sha256.slice(0, 12)}…</span>
          ) : file && !failed ? (
            pending
          ) : (
            '—'
          )
        }
        title={file?.sha256 ?? undefined}
        copy={file?.sha256 ?? undefined}
      />
    </>
  );
}

/** What was found inside: kernel version and architecture, the headers, the config. */
function FoundItems({ result, pending }: { result: OpenedResult | null; pending: string }) {
  const h = result?.headers ?? null;
  const version = result?.kernel.version ?? h?.kernelVersion ?? null;
  const arch = result?.kernel.arch ?? h?.arch ?? null;
  const cfg = result?.config ?? null;
  return (
    <>
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
      <SizeItem label="Header bytes" field="bytes" bytes={h ? h.bytes : null} none={result ? '—' : pending} />
      <Item
        label="Config"
        field="config"
        value={cfg ? configText(cfg) : result?.configPending ? '…' : result ? 'not found' : pending}
      />
    </>
  );
}

export function SummaryBar() {
  const result = useAtom(app, (s) => s.result);
  const phase = useAtom(app, (s) => s.load.phase);
  const pending = phase === 'opening' ? '…' : '—';
  const errors = result?.errors.filter((e) => e.severity === 'error').length ?? 0;
  return (
    <section className="summary" aria-label="Summary">
      <FileItems pending={pending} />
      <FoundItems result={result} pending={pending} />
      {errors > 0 && (
        <button type="button" className="problems-chip" onClick={() => setRight('problems')}>
          {errors} problem{errors > 1 ? 's' : ''}
        </button>
      )}
    </section>
  );
}
