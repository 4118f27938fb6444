import { describe, expect, it } from 'vitest';
import type { Layer } from '../../core/types';
import { includeFlags } from '../../core/include-roots';
import { layerChain } from './Overview';

const layer = (id: number, format: string, children: Layer[] = []): Layer => ({
  id,
  format,
  label: format,
  offset: 0,
  length: null,
  foundBy: 'magic',
  fields: {},
  notes: [],
  errors: [],
  children,
});

describe('overview', () => {
  const root = layer(0, 'file', [
    layer(1, 'bzimage', [
      layer(2, 'xz', [layer(3, 'ikcfg', [layer(4, 'gzip')]), layer(5, 'xz', [layer(6, 'tar')])]),
    ]),
  ]);
  it('follows the chain to the header archive', () => {
    expect(layerChain(root, 6).map((l) => l.format)).toEqual(['file', 'bzimage', 'xz', 'xz', 'tar']);
  });
  it('follows the first branch to a leaf when there is no archive', () => {
    expect(layerChain(root, null).map((l) => l.format)).toEqual(['file', 'bzimage', 'xz', 'ikcfg', 'gzip']);
  });
  it('names the arch include roots bcc uses', () => {
    const f = includeFlags('arm64');
    expect(f).toContain('-I arch/arm64/include/generated/uapi');
    expect(f).toContain('-include include/linux/kconfig.h');
    expect(f.endsWith('-D__KERNEL__')).toBe(true);
  });
});
