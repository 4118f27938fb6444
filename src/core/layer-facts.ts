/**
 * How a layer report shows a layer's header fields (the page's Layers tab, the CLI's text report):
 * human labels instead of the formats' keys (camelCase, snake_case and phrases all occur), and each
 * fact once. Layer.fields keeps its keys (the CLI's JSON output and the tests use them).
 */
import type { Layer } from './types';
import { formatBytes as formatBytesExact, formatInt } from './format-size';

export interface Fact {
  label: string;
  value: string;
  /** Extra precision for a tooltip (e.g. the exact byte count behind "64 MiB"). */
  title?: string;
}

/** Keys whose generic spelling would read wrong. Everything else goes through `humanLabel`. */
const LABELS: Record<string, string> = {
  lc: 'Literal context bits (lc)',
  lp: 'Literal position bits (lp)',
  pb: 'Position bits (pb)',
  os: 'OS',
  mtime: 'Modified',
  syssize: 'System size (16-byte units)',
  setup_sects: 'Setup sectors',
  loadflags: 'Load flags',
  'comp type': 'Compression',
  'payload at': 'Payload at (in file)',
  payload_offset: 'Payload offset (after setup)',
  'uncompressed size (trailer)': 'Size trailer',
  'size trailer': 'Size trailer',
  trailingBytes: 'Trailing bytes',
  streamPadding: 'Stream padding',
};

/** Tokens that keep their capitals when a key is turned into words. */
const UPPER = new Set(['crc', 'efi', 'pe', 'elf', 'os', 'dtb', 'dtbo', 'pe32']);

/** "uncompressedSize" / "header_version" / "boot signature at" → "Uncompressed size" / … */
export function humanLabel(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\s]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => (UPPER.has(w.toLowerCase()) ? w.toUpperCase() : /^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w));
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Keys whose fact another row of the same layer already shows. */
function redundant(layer: Layer, key: string, value: string | number): boolean {
  const f = layer.fields;
  switch (key) {
    case 'dictionarySize': // shown as "Dictionary: 64 MiB", exact bytes in its tooltip
      return 'dictionary' in f;
    case 'compressedSize': // the layer's length
      return value === layer.length;
    case 'uncompressedSize': // the decoded size
      return value === layer.outputSize;
    case 'uncompressed size (trailer)': // the codec read the same trailer
      return f['size trailer'] === value;
    default:
      return false;
  }
}

function valueOf(layer: Layer, key: string, value: string | number): Fact {
  const label = humanLabel(key);
  if (key === 'dictionary' && typeof layer.fields.dictionarySize === 'number')
    return { label, value: String(value), title: formatBytesExact(layer.fields.dictionarySize) };
  if (typeof value !== 'number') return { label, value };
  const trailer = key === 'size trailer' || key === 'uncompressed size (trailer)';
  if (trailer && value === layer.outputSize)
    return { label, value: `${formatInt(value)} B (= decoded size)` };
  return { label, value: formatInt(value) };
}

/** The layer's own fields as labelled facts, each fact once, in the format's order. */
export function layerFacts(layer: Layer): Fact[] {
  const out: Fact[] = [];
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(layer.fields)) {
    if (redundant(layer, key, value)) continue;
    const fact = valueOf(layer, key, value);
    const id = `${fact.label}\u0000${fact.value}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(fact);
  }
  return out;
}

/** The codecs' "kbuild size trailer matches" note restates the Size trailer row's "(= decoded size)". */
const TRAILER_MATCH_NOTE = /^kbuild size trailer matches\b/;

/** The layer's notes, less those a fact row already states. */
export function layerNotes(layer: Layer): string[] {
  const trailer = layer.fields['size trailer'] ?? layer.fields['uncompressed size (trailer)'];
  if (trailer === undefined || trailer !== layer.outputSize) return layer.notes;
  return layer.notes.filter((n) => !TRAILER_MATCH_NOTE.test(n));
}
