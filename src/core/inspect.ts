/**
 * The one entry point of the core: inspect(source) → layers, header tree entries, config, errors.
 * Runs the same in a Web Worker, in Node tests, in the CLI and in benchmarks.
 */
import { Budget, DEFAULT_MAX_TIME_MS, defaultMaxOutput } from './budget';
import { chooseCopy } from './choose';
import { configFromAutoconf, parseConfig } from './config';
import { khiError, isAbort, toKhiError, type KhiError } from './errors';
import { kernelFactsFromHeaders } from './kernel-facts';
import { lookedFor } from './formats';
import { explore, newLayer, type ExploreCtx, type FoundTar } from './layers';
import { readAll, type Source } from './source';
import { buildTree, summarize } from './tree';
import type {
  ConfigSummary,
  HeadersSummary,
  InspectOptions,
  InspectResult,
  Layer,
  TarEntry,
  TreeNode,
} from './types';

export interface Inspection {
  result: InspectResult;
  /** The decompressed tar bytes (kept so files can be read and folders exported); null if none. */
  tar: Uint8Array | null;
  /** The config's bytes as stored in the file (IKCONFIG blob or a plain .config); null otherwise. */
  configBytes: Uint8Array | null;
  /** The header tree of `result.entries`, built once here (null when no headers were found). */
  tree: TreeNode | null;
  /** Bytes of one regular file by path (no leading "./"); follows links; null when missing. */
  read(path: string): Uint8Array | null;
}

export async function inspect(source: Source, opts: InspectOptions = {}): Promise<Inspection> {
  const progress = opts.onProgress ?? (() => {});
  const bytes = await readAll(source, {
    signal: opts.signal,
    onProgress: (d, t) => progress({ stage: 'reading', bytesDone: d, bytesTotal: t }),
  });
  const budget = new Budget(
    {
      maxOutput: opts.maxOutput ?? defaultMaxOutput(bytes.length),
      maxTimeMs: opts.maxTimeMs ?? DEFAULT_MAX_TIME_MS,
    },
    opts.signal,
  );
  const ctx: ExploreCtx = {
    maxDepth: opts.maxDepth ?? 8,
    budget,
    signal: opts.signal,
    progress,
    nextId: 0,
    rejected: 0,
    scannedBytes: 0,
    layerCount: 0,
    tars: [],
    configs: [],
    facts: { version: null, banner: null, arch: null },
    until: opts.until,
  };
  const root = newLayer(ctx, {
    format: 'file',
    label: source.name,
    offset: 0,
    fileOffset: 0,
    length: bytes.length,
    foundBy: 'whole-file',
  });
  if (bytes.length < source.size) {
    root.errors.push({
      ...khiError('io', `Only ${bytes.length} of ${source.size} bytes could be read.`, bytes.length),
      layer: source.name,
    });
  }
  try {
    await explore(bytes, root, 0, 0, ctx, source.name);
  } catch (e) {
    if (isAbort(e)) throw e;
    root.errors.push({ ...toKhiError(e), layer: source.name });
  } finally {
    budget.dispose();
  }
  // A budget that ran out is named once, on the file, unless a layer already carries it.
  if (budget.exceeded && !collectErrors(root).some((e) => e.code === budget.exceeded))
    root.errors.push({ ...budget.error(), layer: source.name });

  // The header archive: normally there is exactly one tar; when a copy shows up twice the verified
  // one wins (choose.ts). A tar without a single regular file (a bomb of zeros, an empty archive) is
  // a layer, not "headers found".
  const best = chooseCopy(
    ctx.tars.map((t) => ({ ...t, size: fileCount(t) })).filter((t) => t.size > 0),
    root,
  );
  const entries: TarEntry[] = best?.entries ?? [];
  const tar = best?.bytes ?? null;
  const read = makeReader(entries, tar);

  let headers: HeadersSummary | null = null;
  let tree: TreeNode | null = null;
  if (best && tar) {
    progress({ stage: 'building-tree', bytesDone: 0, bytesTotal: entries.length });
    tree = buildTree(entries);
    const facts = kernelFactsFromHeaders(tree, read);
    headers = {
      ...summarize(entries, tar.length),
      arch: facts.arch ?? ctx.facts.arch,
      kernelVersion: facts.version ?? ctx.facts.version,
      layerId: best.layer.id,
    };
    if (!ctx.facts.version && facts.version) ctx.facts.version = facts.version;
  }

  // The config: IKCONFIG when present, else the archive's include/generated/autoconf.h.
  let config: ConfigSummary | null = null;
  let configText: string | null = null;
  // A config counts when it sets at least one option; of several copies the verified one wins.
  const ik = chooseCopy(
    ctx.configs
      .map((c) => ({ c, p: parseConfig(c.text), layer: c.layer, size: 0 }))
      .map((x) => ({ ...x, size: x.p.options }))
      .filter((x) => x.size > 0),
    root,
  );
  if (ik) {
    configText = ik.c.text;
    const p = ik.p;
    config = {
      options: p.options,
      bytes: ik.c.text.length,
      source: ik.c.plain ? 'file' : 'ikconfig',
      layerId: ik.c.layer.id,
      title: p.title,
    };
  } else if (best) {
    const auto = read('include/generated/autoconf.h');
    const text = auto ? configFromAutoconf(new TextDecoder().decode(auto)) : '';
    const p = parseConfig(text);
    if (p.options > 0) {
      configText = text;
      config = {
        options: p.options,
        bytes: text.length,
        source: 'autoconf',
        layerId: best.layer.id,
        title: p.title,
      };
    }
  }

  // Architecture: the archive's arch/<x>/ folder, else the config title ("Linux/um 6.12.113 Kernel
  // Configuration": a UML module's ELF header says x86-64), else what a container header said.
  const titled = config?.title ? /^Linux\/(\S+) (\S+) Kernel Configuration/.exec(config.title) : null;
  ctx.facts.arch = headers?.arch ?? titled?.[1] ?? ctx.facts.arch;
  ctx.facts.version ??= titled?.[2] ?? null;

  const errors = collectErrors(root);
  if (!headers && !config) {
    errors.push(
      khiError(
        'not-found',
        `No kernel headers or config found in this file. Looked for: ${lookedFor()}.`,
        undefined,
        'warning',
      ),
    );
  }
  progress({ stage: 'done', bytesDone: bytes.length, bytesTotal: bytes.length });

  const result: InspectResult = {
    input: { name: source.name, size: source.size },
    layers: root,
    headers,
    entries,
    config,
    configText,
    kernel: { ...ctx.facts },
    errors,
    scanned: {
      bytes: ctx.scannedBytes,
      layers: ctx.layerCount,
      rejectedHits: ctx.rejected,
      decodedBytes: budget.outputSpent,
    },
  };
  return { result, tar, tree, configBytes: ik?.c.bytes ?? null, read };
}

const fileCount = (t: FoundTar): number => t.entries.reduce((n, e) => n + (e.type === 'file' ? 1 : 0), 0);

function collectErrors(l: Layer, out: KhiError[] = []): KhiError[] {
  out.push(...l.errors);
  for (const c of l.children) collectErrors(c, out);
  return out;
}

/** path → file bytes, following symlinks (relative to their folder) and hard links. */
function makeReader(entries: TarEntry[], tar: Uint8Array | null): (path: string) => Uint8Array | null {
  const byPath = new Map<string, TarEntry>();
  for (const e of entries) byPath.set(e.path, e);
  return (path: string) => {
    if (!tar) return null;
    let p = path.replace(/^\.?\/+/, '');
    for (let hops = 0; hops < 16; hops++) {
      const e = byPath.get(p);
      if (!e) return null;
      if (e.type === 'file') return tar.subarray(e.dataOffset, e.dataOffset + e.size);
      if (e.type === 'hardlink' && e.linkTarget !== undefined) {
        p = normalise(e.linkTarget);
      } else if (e.type === 'symlink' && e.linkTarget !== undefined) {
        const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
        p = e.linkTarget.startsWith('/') ? normalise(e.linkTarget) : normalise(`${dir}/${e.linkTarget}`);
      } else return null;
    }
    return null;
  };
}

function normalise(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
