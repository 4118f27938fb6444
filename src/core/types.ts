import type { KhiError } from './errors';

/** How a layer was located. */
export type FoundBy =
  | 'whole-file' // the input itself
  | 'header-field' // a container header said where it is (bzImage payload_offset, zboot, boot.img …)
  | 'marker' // IKHD_ST / IKCFG_ST
  | 'elf-symbol' // kernel_headers_data / kernel_config_data
  | 'magic' // a magic-number scan hit, validated
  | 'decoded'; // the output of a codec

/**
 * One node of the layer report. `offset` is relative to the bytes its parent exposes: a container or
 * marker exposes its own bytes (children are relative to its start); a codec exposes its decoded output.
 * `fileOffset` is the absolute offset in the input file when the layer lies in the file's own bytes
 * (not inside decoded data), so the UI can peek at the original bytes.
 * Small and structured-clone friendly: no byte arrays in here.
 */
export interface Layer {
  id: number;
  /** Format id, e.g. 'bzimage', 'xz', 'elf', 'tar', 'ikcfg', 'config'. */
  format: string;
  /** Human label, e.g. "x86 bzImage (boot protocol 2.15)". */
  label: string;
  offset: number;
  fileOffset?: number;
  /** Length in the parent's bytes (compressed length for codecs); null when unknown. */
  length: number | null;
  /** Decoded size for codecs. */
  outputSize?: number;
  foundBy: FoundBy;
  /** Header fields worth showing, e.g. { setup_sects: 33, check: 'CRC32', dict: '32 MiB' }. */
  fields: Record<string, string | number>;
  notes: string[];
  errors: KhiError[];
  children: Layer[];
}

/** A tar entry as read from the archive; `dataOffset` indexes the decompressed tar bytes. */
export interface TarEntry {
  /** Normalised path without a leading "./"; directories have no trailing slash. Root is "". */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  size: number;
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
  linkTarget?: string;
  /** Offset of the file data inside the tar bytes (0 for non-files). */
  dataOffset: number;
  /**
   * A sparse file (tar --sparse): its data runs as [offset in the file, length], stored one after
   * another from `dataOffset`; `size` is the file's real size, the rest of it zeros (holes). Read
   * its bytes with `fileData` (tar.ts).
   */
  sparse?: [number, number][];
  /**
   * Why its bytes cannot be read although it is listed (a sparse file whose map is damaged: tar -t
   * lists it too). fileData gives null for it.
   */
  unreadable?: string;
  /** Offset of the header block inside the tar bytes. */
  headerOffset: number;
}

export interface HeadersSummary {
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  /** Sum of regular file sizes. */
  bytes: number;
  /** Decompressed tar length. */
  tarBytes: number;
  arch: string | null;
  kernelVersion: string | null;
  /** Layer id of the tar archive. */
  layerId: number;
  /** All regular files share one mtime: a reproducible build. */
  reproducible: boolean;
}

export interface ConfigSummary {
  /** `CONFIG_` lines that set a value (`CONFIG_X=…`). */
  options: number;
  bytes: number;
  /** ikconfig: an IKCFG blob or kernel_config_data; autoconf: the archive's autoconf.h; file: the input is a .config. */
  source: 'ikconfig' | 'autoconf' | 'file';
  layerId: number;
  /** First comment line such as "Linux/x86 6.1.192 Kernel Configuration". */
  title: string | null;
}

export interface KernelFacts {
  version: string | null;
  /** Full banner, e.g. "Linux version 6.1.0-56-amd64 (…) #1 SMP …" when found. */
  banner: string | null;
  arch: string | null;
}

export interface InspectResult {
  input: { name: string; size: number };
  layers: Layer;
  headers: HeadersSummary | null;
  /** Every tar entry, in archive order (only when headers were found). */
  entries: TarEntry[];
  config: ConfigSummary | null;
  /** The config text itself (small: tens of KB). */
  configText: string | null;
  kernel: KernelFacts;
  /** Errors from every layer, flattened, with layer paths. */
  errors: KhiError[];
  /** What was looked for, for the "nothing found" message. */
  scanned: {
    bytes: number;
    layers: number;
    rejectedHits: number;
    /** Output bytes all decodes produced, trial decodes of rejected hits included (what the output budget counts). */
    decodedBytes: number;
  };
}

export interface Progress {
  stage: 'reading' | 'scanning' | 'decompressing' | 'reading-tar' | 'building-tree' | 'done';
  /** Human name of the layer being worked on, e.g. "xz at 0x52cc". */
  layer?: string;
  bytesDone: number;
  bytesTotal: number;
}

export interface InspectOptions {
  /** Output budget: bytes all decodes together may produce, trial decodes included (default 64× the input, 256 MiB–2 GiB). */
  maxOutput?: number;
  /** Wall-clock time budget of the whole open in ms (default 60 s); running out gives 'budget-time'. */
  maxTimeMs?: number;
  /** Maximum nesting depth (default 8). */
  maxDepth?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /**
   * 'config': stop exploring as soon as a config is found (the CLI's --config). Nothing after it is
   * decoded, so the result may lack the headers and later layers.
   * 'tar': stop as soon as a header archive read without errors is found, and build no tree, kernel
   * facts or autoconf config from it (the CLI's --extract and --tar need only the entries and bytes):
   * `headers` is the plain summary, `tree` is null.
   * { layer: N }: stop once layer #N is made (a codec layer is made after its decode), before its
   * output is opened: the layers up to #N are numbered as a whole open numbers them (the CLI's
   * --layer N).
   */
  until?: 'config' | 'tar' | { layer: number };
  /**
   * Leave a config rebuilt from autoconf.h out of the result (config and configText null) and make
   * it in Inspection.configLater(), so the caller can show the tree first (the worker does). An
   * IKCONFIG or plain .config is in the result as always.
   */
  autoconfLater?: boolean;
  /**
   * Keep every codec layer's decoded output in Inspection.outputs (the CLI's --layer N --decoded
   * then needs no second decode). Off by default: the worker keeps only the tar and decodes again
   * on demand within a budget (layer-bytes.ts).
   */
  keepOutputs?: boolean;
}

/**
 * The header tree built from tar entries (src/core/tree.ts). Folders carry aggregate sizes and
 * counts. inspect() builds it once; the worker sends it to the UI in compact form (tree-wire.ts)
 * instead of the entries list, which stays in the worker.
 */
export interface TreeNode {
  name: string;
  /** Path without leading "./"; the root is "". */
  path: string;
  type: TarEntry['type'];
  /** File size, or for folders the sum of regular file sizes below. */
  size: number;
  /** Regular files below (1 for a file, 0 for a link). */
  files: number;
  /** Folders below (not counting itself). */
  dirs: number;
  mode: number;
  mtime: number;
  linkTarget?: string;
  /** Index into InspectResult.entries; -1 for folders implied by paths but not in the archive. */
  entry: number;
  /** Folders only; sorted by name. */
  children?: TreeNode[];
}
