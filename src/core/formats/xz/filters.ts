/**
 * The non-LZMA2 filters of a block: validation of their properties and the in-place decoders.
 * BCJ properties are empty or a 4-byte little-endian start offset; Delta has one byte,
 * distance - 1 (xz-file-format 5.3.2, 5.3.3).
 */
import { u32le } from '../../bytes';
import { armFilter, arm64Filter, armThumbFilter, powerPcFilter, sparcFilter } from './bcj-risc';
import { ia64Filter } from './bcj-ia64';
import { riscvFilter } from './bcj-riscv';
import { x86Filter } from './bcj-x86';
import { deltaFilter } from './delta';
import type { OutFilter } from './filter-types';
import {
  FILTER_ARM,
  FILTER_ARM64,
  FILTER_ARMTHUMB,
  FILTER_DELTA,
  FILTER_IA64,
  FILTER_POWERPC,
  FILTER_RISCV,
  FILTER_SPARC,
  FILTER_X86,
  filterName,
} from './format';

export interface XzFilter {
  id: number;
  props: Uint8Array;
}

const BCJ: Record<number, (base: number) => OutFilter> = {
  [FILTER_X86]: x86Filter,
  [FILTER_POWERPC]: powerPcFilter,
  [FILTER_IA64]: ia64Filter,
  [FILTER_ARM]: armFilter,
  [FILTER_ARMTHUMB]: armThumbFilter,
  [FILTER_SPARC]: sparcFilter,
  [FILTER_ARM64]: arm64Filter,
  [FILTER_RISCV]: riscvFilter,
};

/** Why a non-last filter cannot be used, or null when it is fine. */
export function filterProblem(f: XzFilter): string | null {
  if (f.id === FILTER_DELTA) return f.props.length === 1 ? null : 'Delta filter properties must be 1 byte';
  if (BCJ[f.id]) {
    return f.props.length === 0 || f.props.length === 4
      ? null
      : `${filterName(f.id)} BCJ properties must be 0 or 4 bytes, found ${f.props.length}`;
  }
  return `unsupported filter ${filterName(f.id)} (id 0x${f.id.toString(16)})`;
}

/** Start offset of a BCJ filter (0 when the property is empty). */
export const bcjStart = (f: XzFilter): number => (f.props.length === 4 ? u32le(f.props, 0) : 0);

/** Decoder for one validated filter, for a block whose output starts at `blockStart`. */
export function makeFilter(f: XzFilter, blockStart: number): OutFilter {
  if (f.id === FILTER_DELTA) return deltaFilter(f.props[0]! + 1);
  const make = BCJ[f.id]!;
  return make(bcjStart(f) - blockStart);
}

/** "x86 → LZMA2" style description of a chain in header order. */
export function describeChain(filters: XzFilter[]): string {
  return filters
    .map((f) => {
      if (f.id === FILTER_DELTA) return `Delta(dist=${f.props[0]! + 1})`;
      const start = BCJ[f.id] ? bcjStart(f) : 0;
      return start ? `${filterName(f.id)}(start=0x${start.toString(16)})` : filterName(f.id);
    })
    .join(' → ');
}
