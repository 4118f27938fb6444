/**
 * The one entry point of the core: inspect(source) → layers, header tree entries, config, errors.
 * Runs the same in a Web Worker, in Node tests, in the CLI and in benchmarks.
 *
 * Steps: read the input → open it (opener/explore.ts, under one budget) → pick the header archive
 * and the config among what was found (found.ts) → settle the kernel facts → the result.
 */
import { Budget, DEFAULT_MAX_TIME_MS, defaultMaxOutput } from './budget';
import { khiError, isAbort, toKhiError, type KhiError } from './errors';
import { lookedFor } from './formats';
import {
  autoconfConfig,
  foundConfig,
  foundHeaders,
  foundIkconfig,
  type FoundConfig,
  type FoundHeaders,
  type ReadFile,
  type WhyUnread,
} from './found';
import { fileCursor } from './opener/cursor';
import { explore } from './opener/explore';
import { newLayer, newRun, type OpenRun } from './opener/run';
import { readAll, type Source } from './source';
import type { InspectOptions, InspectResult, KernelFacts, Layer, TreeNode } from './types';

export interface Inspection {
  result: InspectResult;
  /** The decompressed tar bytes (kept so files can be read and folders exported); null if none. */
  tar: Uint8Array | null;
  /** The config's bytes as stored in the file (IKCONFIG blob or a plain .config); null otherwise. */
  configBytes: Uint8Array | null;
  /** The header tree of `result.entries`, built once here (null when no headers were found). */
  tree: TreeNode | null;
  /** Bytes of one regular file by path (no leading "./"); follows links; null when missing. */
  read: ReadFile;
  /** Why `read` gives null for a path, in one sentence; null when it gives bytes. */
  whyUnread: WhyUnread;
  /**
   * With InspectOptions.autoconfLater and headers but no IKCONFIG: rebuilds the config from
   * autoconf.h, puts it into `result` (config, configText) and returns it. Null otherwise.
   */
  configLater: (() => FoundConfig) | null;
  /** With InspectOptions.keepOutputs: every codec layer's decoded output by layer id; else empty. */
  outputs: ReadonlyMap<number, Uint8Array>;
}

export async function inspect(source: Source, opts: InspectOptions = {}): Promise<Inspection> {
  const bytes = await readAll(source, {
    signal: opts.signal,
    onProgress: (d, t) => opts.onProgress?.({ stage: 'reading', bytesDone: d, bytesTotal: t }),
  });
  const limits = {
    maxOutput: opts.maxOutput ?? defaultMaxOutput(bytes.length),
    maxTimeMs: opts.maxTimeMs ?? DEFAULT_MAX_TIME_MS,
  };
  const run = newRun(new Budget(limits, opts.signal), opts);
  const root = await openFile(run, source, bytes);
  const h = foundHeaders(run, root);
  const later = opts.autoconfLater === true && run.until !== 'tar';
  const c = later ? (foundIkconfig(run, root) ?? NO_CONFIG) : foundConfig(run, root, h);
  settleFacts(run.facts, h, c);
  run.progress({ stage: 'done', bytesDone: bytes.length, bytesTotal: bytes.length });
  const result: InspectResult = {
    input: { name: source.name, size: source.size },
    layers: root,
    headers: h.headers,
    entries: h.entries,
    config: c.config,
    configText: c.text,
    kernel: { ...run.facts },
    errors: resultErrors(root, h, c),
    scanned: {
      bytes: run.scannedBytes,
      layers: run.layers,
      rejectedHits: run.rejected,
      decodedBytes: run.budget.outputSpent,
    },
  };
  const configLater =
    later && !c.config && h.headers
      ? () => {
          const a = configFromAutoconf(h, result);
          result.config = a.config;
          result.configText = a.text;
          return a;
        }
      : null;
  const { tar, tree, read, whyUnread } = h;
  const outputs = run.outputs ?? new Map<number, Uint8Array>();
  return { result, tar, tree, configBytes: c.bytes, read, whyUnread, configLater, outputs };
}

const NO_CONFIG: FoundConfig = { config: null, text: null, bytes: null };

/**
 * The config rebuilt from autoconf.h after the result went out: it never throws (the caller has
 * already shown the tree and waits for it). A failure is no config, named in the result's errors.
 */
function configFromAutoconf(h: FoundHeaders, result: InspectResult): FoundConfig {
  try {
    return autoconfConfig(h);
  } catch (e) {
    const why = toKhiError(e).message;
    result.errors.push(
      khiError('internal', `The config could not be rebuilt from autoconf.h: ${why}`, undefined, 'warning'),
    );
    return NO_CONFIG;
  }
}

/** The file's layer with everything the opener finds below it; a short read or a budget that ran out is an error on it. */
async function openFile(run: OpenRun, source: Source, bytes: Uint8Array): Promise<Layer> {
  const root = newLayer(run, {
    format: 'file',
    label: source.name,
    offset: 0,
    fileOffset: 0,
    length: bytes.length,
    foundBy: 'whole-file',
  });
  const onFile = (e: KhiError): number => root.errors.push({ ...e, layer: source.name });
  if (bytes.length < source.size)
    onFile(khiError('io', `Only ${bytes.length} of ${source.size} bytes could be read.`, bytes.length));
  const { budget } = run;
  try {
    await explore(fileCursor(bytes, root, run, explore));
  } catch (e) {
    if (isAbort(e)) throw e;
    onFile(toKhiError(e));
  } finally {
    budget.dispose();
  }
  // A budget that ran out is named once, on the file, unless a layer already carries it.
  if (budget.exceeded && !collectErrors(root).some((e) => e.code === budget.exceeded)) onFile(budget.error());
  return root;
}

/**
 * Architecture: the archive's arch/<x>/ folder, else the config title ("Linux/um 6.12.113 Kernel
 * Configuration": a UML module's ELF header says x86-64), else what a container header said.
 */
function settleFacts(facts: KernelFacts, h: FoundHeaders, c: FoundConfig): void {
  const title = c.config?.title;
  const titled = title ? /^Linux\/(\S+) (\S+) Kernel Configuration/.exec(title) : null;
  facts.arch = h.headers?.arch ?? titled?.[1] ?? facts.arch;
  facts.version ??= titled?.[2] ?? null;
}

/** Errors of every layer, plus "nothing found" (naming what was looked for). */
function resultErrors(root: Layer, h: FoundHeaders, c: FoundConfig): KhiError[] {
  const errors = collectErrors(root);
  if (!h.headers && !c.config) {
    const message = `No kernel headers or config found in this file. Looked for: ${lookedFor()}.`;
    errors.push(khiError('not-found', message, undefined, 'warning'));
  }
  return errors;
}

function collectErrors(l: Layer, out: KhiError[] = []): KhiError[] {
  out.push(...l.errors);
  for (const c of l.children) collectErrors(c, out);
  return out;
}
