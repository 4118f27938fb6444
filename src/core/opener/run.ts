/**
 * One open of one input: what every step shares (the budget, the cancel signal, progress, layer ids)
 * and what the steps find (header tars, configs, kernel facts). Made once by inspect().
 */
import type { Budget } from '../budget';
import type { InspectOptions, KernelFacts, Layer, Progress, TarEntry, TreeNode } from '../types';

export interface FoundTar {
  layer: Layer;
  bytes: Uint8Array;
  entries: TarEntry[];
  /** The header tree of `entries` when the walk built it while the archive decoded (tar-walk.ts). */
  tree: TreeNode | null;
}
export interface FoundConfig {
  layer: Layer;
  text: string;
  /** The config's bytes exactly as stored (what scripts/extract-ikconfig prints). */
  bytes: Uint8Array;
  /** The input file itself is the .config (not a blob inside it). */
  plain: boolean;
}

export interface OpenRun {
  readonly maxDepth: number;
  /** The output and time budget of this open, charged by every decode (decompression-bomb guard). */
  readonly budget: Budget;
  /** The user's cancel signal (codecs get budget.signal, which also fires at the deadline). */
  readonly signal?: AbortSignal;
  /** Stop once a config, or a header archive, is found (InspectOptions.until). */
  readonly until?: InspectOptions['until'];
  progress(p: Progress): void;
  /** Layers made so far; the next layer's id. */
  layers: number;
  /** Scan hits rejected as false. */
  rejected: number;
  /** Bytes the marker and magic scans went over. */
  scannedBytes: number;
  readonly tars: FoundTar[];
  readonly configs: FoundConfig[];
  readonly facts: KernelFacts;
  /** With InspectOptions.keepOutputs: each codec layer's decoded output, by layer id; else null. */
  readonly outputs: Map<number, Uint8Array> | null;
}

export function newRun(budget: Budget, opts: InspectOptions): OpenRun {
  return {
    maxDepth: opts.maxDepth ?? 8,
    budget,
    signal: opts.signal,
    until: opts.until,
    progress: opts.onProgress ?? (() => {}),
    layers: 0,
    rejected: 0,
    scannedBytes: 0,
    tars: [],
    configs: [],
    facts: { version: null, banner: null, arch: null },
    outputs: opts.keepOutputs ? new Map() : null,
  };
}

/** A config line that sets an option (inspect() counts only configs that set at least one). */
const SETS_OPTION = /^CONFIG_[A-Za-z0-9_]+=/m;

/** A config that sets an option (an empty one, the kconfig banner alone, does not count). */
export const setsOption = (text: string): boolean => SETS_OPTION.test(text);

/**
 * The caller has what it asked for: open nothing more. For until:'config' that is a config that
 * sets an option: an empty one (the kconfig banner alone, a decoy) does not end the search.
 * For until:'tar', a clean header archive. For until:{layer}, that layer (its id is the count of
 * layers made before it, in the order a whole open makes them).
 */
export const finished = (run: OpenRun): boolean =>
  typeof run.until === 'object'
    ? run.layers > run.until.layer
    : run.until === 'config'
      ? run.configs.some((c) => setsOption(c.text))
      : run.until === 'tar' && run.tars.some(isCleanHeaderTar);

/** For until:'tar': a tar with a regular file, read without errors (a damaged copy may have a clean twin later). */
const isCleanHeaderTar = (t: FoundTar): boolean =>
  t.layer.errors.length === 0 && t.entries.some((e) => e.type === 'file');

export function newLayer(
  run: OpenRun,
  init: Partial<Layer> & Pick<Layer, 'format' | 'label' | 'offset' | 'foundBy'>,
): Layer {
  return { id: run.layers++, length: null, fields: {}, notes: [], errors: [], children: [], ...init };
}
