/**
 * Which copy wins when the same kind of blob (a header tar, a config) is found more than once.
 *
 * gzip, lz4, lzo and zstd keep incompressible data as stored bytes, so a blob inside a compressed
 * kernel is found twice: in the raw compressed bytes (cut by block headers: damaged) and in the
 * decoded payload. The rule, by evidence:
 *   1. a copy read without errors (checks verified, archive whole) beats a damaged one;
 *   2. a copy inside decoded data beats one in raw compressed bytes (more codec layers above it);
 *   3. then the larger one (most files, most options); then the first found.
 * The losers stay in the layer report with their errors.
 */
import { codecs } from './formats';
import type { Layer } from './types';

export interface Candidate {
  layer: Layer;
  /** Files in a tar, options in a config. */
  size: number;
}

const CODEC_IDS = new Set<string>(codecs.map((c) => c.id));

/** Every layer's parent, found without recursion. */
function parentsOf(root: Layer): Map<Layer, Layer> {
  const parents = new Map<Layer, Layer>();
  const stack = [root];
  while (stack.length) {
    const l = stack.pop()!;
    for (const c of l.children) {
      parents.set(c, l);
      stack.push(c);
    }
  }
  return parents;
}

interface Evidence {
  damaged: boolean;
  decoded: number;
}

/**
 * The blob's own chain is the terminal layer and the codecs that produced it, up to and including
 * the first layer that is not a codec (the marker, the container region, the file). Errors there
 * damage this copy; codec layers above it say how deep inside decoded data it lies.
 */
export function evidence(layer: Layer, parents: Map<Layer, Layer>): Evidence {
  let damaged = layer.errors.length > 0;
  let at: Layer | undefined = parents.get(layer);
  while (at && CODEC_IDS.has(at.format)) {
    damaged ||= at.errors.length > 0;
    at = parents.get(at);
  }
  if (at) damaged ||= at.errors.length > 0;
  let decoded = 0;
  for (let up = at && parents.get(at); up; up = parents.get(up)) if (CODEC_IDS.has(up.format)) decoded++;
  return { damaged, decoded };
}

/** The best of `cands` by the rule above; null when there is none. */
export function chooseCopy<T extends Candidate>(cands: readonly T[], root: Layer): T | null {
  const parents = parentsOf(root);
  let best: { c: T; e: Evidence } | null = null;
  for (const c of cands) {
    const e = evidence(c.layer, parents);
    if (best === null || better(c, e, best.c, best.e)) best = { c, e };
  }
  return best?.c ?? null;
}

function better(a: Candidate, ea: Evidence, b: Candidate, eb: Evidence): boolean {
  if (ea.damaged !== eb.damaged) return !ea.damaged;
  if (ea.decoded !== eb.decoded) return ea.decoded > eb.decoded;
  return a.size > b.size;
}
