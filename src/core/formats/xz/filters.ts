/**
 * The non-LZMA2 filters of a block: validation of their properties and a description. liblzma
 * undoes them (src/core/wasm/liblzma.ts). BCJ properties are empty or a 4-byte little-endian start
 * offset; Delta has one byte, distance - 1 (xz-file-format 5.3.2, 5.3.3).
 */
import { u32le } from '../../bytes';
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

const BCJ = new Set([
  FILTER_X86,
  FILTER_POWERPC,
  FILTER_IA64,
  FILTER_ARM,
  FILTER_ARMTHUMB,
  FILTER_SPARC,
  FILTER_ARM64,
  FILTER_RISCV,
]);

/** Why a non-last filter cannot be used, or null when it is fine. */
export function filterProblem(f: XzFilter): string | null {
  if (f.id === FILTER_DELTA) return f.props.length === 1 ? null : 'Delta filter properties must be 1 byte';
  if (BCJ.has(f.id)) {
    return f.props.length === 0 || f.props.length === 4
      ? null
      : `${filterName(f.id)} BCJ properties must be 0 or 4 bytes, found ${f.props.length}`;
  }
  return `unsupported filter ${filterName(f.id)} (id 0x${f.id.toString(16)})`;
}

/** Start offset of a BCJ filter (0 when the property is empty). */
export const bcjStart = (f: XzFilter): number => (f.props.length === 4 ? u32le(f.props, 0) : 0);

/** "x86 → LZMA2" style description of a chain in header order. */
export function describeChain(filters: XzFilter[]): string {
  return filters
    .map((f) => {
      if (f.id === FILTER_DELTA) return `Delta(dist=${f.props[0]! + 1})`;
      const start = BCJ.has(f.id) ? bcjStart(f) : 0;
      return start ? `${filterName(f.id)}(start=0x${start.toString(16)})` : filterName(f.id);
    })
    .join(' → ');
}
