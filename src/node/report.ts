/** Text and JSON renderings of an InspectResult for the CLI (pure; no I/O). */
import { hex } from '../core/bytes';
import { formatInt as n } from '../core/format-size';
import { displayText } from '../core/names';
import { layerFacts, layerNotes } from '../core/layer-facts';
import type { InspectResult, Layer } from '../core/types';

/** A layer as the CLI prints it: the core's Layer without its internal id. */
export type JsonLayer = Omit<Layer, 'id' | 'children'> & { children: JsonLayer[] };

const jsonLayer = (l: Layer): JsonLayer => ({
  format: l.format,
  label: l.label,
  offset: l.offset,
  ...(l.fileOffset !== undefined ? { fileOffset: l.fileOffset } : {}),
  length: l.length,
  ...(l.outputSize !== undefined ? { outputSize: l.outputSize } : {}),
  foundBy: l.foundBy,
  fields: l.fields,
  notes: l.notes,
  errors: l.errors,
  children: l.children.map(jsonLayer),
});

export function toJson(r: InspectResult): object {
  const h = r.headers;
  return {
    input: r.input,
    layers: [jsonLayer(r.layers)],
    headers: h
      ? {
          files: h.files,
          dirs: h.dirs,
          symlinks: h.symlinks,
          hardlinks: h.hardlinks,
          bytes: h.bytes,
          tarBytes: h.tarBytes,
          arch: h.arch,
          kernelVersion: h.kernelVersion,
          reproducible: h.reproducible,
        }
      : null,
    config: r.config
      ? { options: r.config.options, bytes: r.config.bytes, source: r.config.source, title: r.config.title }
      : null,
    kernel: r.kernel,
    scanned: r.scanned,
    errors: r.errors,
  };
}

const count = (x: number, one: string, many = `${one}s`): string => `${n(x)} ${x === 1 ? one : many}`;

export function formatLayerTree(r: InspectResult): string {
  const lines: string[] = [];
  const walk = (l: Layer, prefix: string, last: boolean, top: boolean): void => {
    const at = l.fileOffset !== undefined ? `file ${hex(l.fileOffset)}` : `+${hex(l.offset)}`;
    const len = l.length === null ? '?' : n(l.length);
    const out = l.outputSize !== undefined ? ` → ${n(l.outputSize)} B` : '';
    const head = top ? '' : `${prefix}${last ? '└─ ' : '├─ '}`;
    lines.push(`${head}${l.label}  [#${l.id} ${l.format} @ ${at}, ${len} B${out}, ${l.foundBy}]`);
    const inner = top ? '' : `${prefix}${last ? '   ' : '│  '}`;
    // The page's labels, each fact once (layer-facts.ts); --json keeps the formats' own keys.
    const facts = layerFacts(l).map((f) => `${f.label}: ${f.value}`);
    if (facts.length) lines.push(`${inner}    ${facts.join(', ')}`);
    for (const note of layerNotes(l)) lines.push(`${inner}    note: ${note}`);
    for (const e of l.errors)
      lines.push(
        `${inner}    ${e.severity}: ${e.message}${e.offset !== undefined ? ` (offset ${hex(e.offset)})` : ''}`,
      );
    l.children.forEach((c, i) => walk(c, inner, i === l.children.length - 1, false));
  };
  walk(r.layers, '', true, true);
  lines.push('');
  const h = r.headers;
  if (h) {
    lines.push(
      `headers: ${count(h.files, 'file')}, ${count(h.dirs, 'directory', 'directories')}, ${count(h.symlinks, 'symlink')}, ${count(h.bytes, 'byte')} (tar ${n(h.tarBytes)} B)`,
    );
    lines.push(
      `         arch ${h.arch ?? '?'}, kernel ${h.kernelVersion ?? '?'}${h.reproducible ? ', reproducible mtimes' : ''}`,
    );
  } else lines.push('headers: none found');
  lines.push(
    r.config
      ? `config:  ${n(r.config.options)} options (${r.config.source}${r.config.title ? `, "${r.config.title}"` : ''})`
      : 'config:  none found',
  );
  if (r.kernel.banner) lines.push(`kernel:  ${r.kernel.banner}`);
  const errs = r.errors.filter((e) => e.code !== 'not-found');
  for (const e of errs)
    lines.push(
      `${e.severity}: ${e.layer ? `${e.layer}: ` : ''}${e.message}${e.offset !== undefined ? ` (offset ${hex(e.offset)})` : ''}`,
    );
  if (!h && !r.config) lines.push('No kernel headers or config found in this file.');
  // Names, labels and messages come from the input: no control or bidi character reaches a terminal.
  return lines.map(displayText).join('\n') + '\n';
}
