import { describe, expect, it } from 'vitest';
import type { Layer } from './types';
import { humanLabel, layerFacts, layerNotes } from './layer-facts';

const layer = (init: Partial<Layer>): Layer => ({
  id: 1,
  format: 'xz',
  label: 'xz',
  offset: 0,
  length: 508,
  foundBy: 'magic',
  fields: {},
  notes: [],
  errors: [],
  children: [],
  ...init,
});

describe('humanLabel', () => {
  it('turns camelCase, snake_case and phrases into sentence-case words', () => {
    expect(humanLabel('uncompressedSize')).toBe('Uncompressed size');
    expect(humanLabel('compressedSize')).toBe('Compressed size');
    expect(humanLabel('header_version')).toBe('Header version');
    expect(humanLabel('text_offset')).toBe('Text offset');
    expect(humanLabel('boot signature at')).toBe('Boot signature at');
  });
  it('keeps acronyms and names the terse keys', () => {
    expect(humanLabel('header CRC')).toBe('Header CRC');
    expect(humanLabel('EFI stub')).toBe('EFI stub');
    expect(humanLabel('PE machine')).toBe('PE machine');
    expect(humanLabel('lc')).toBe('Literal context bits (lc)');
    expect(humanLabel('setup_sects')).toBe('Setup sectors');
  });
});

describe('layerFacts', () => {
  it('shows the xz dictionary once, with the exact bytes as a tooltip', () => {
    const facts = layerFacts(layer({ fields: { dictionarySize: 1 << 20, dictionary: '1 MiB', blocks: 1 } }));
    expect(facts.map((f) => f.label)).toEqual(['Dictionary', 'Blocks']);
    expect(facts[0]).toMatchObject({ value: '1 MiB', title: expect.stringContaining('1,048,576') });
  });
  it('drops sizes that the length and decoded rows already show', () => {
    const facts = layerFacts(
      layer({
        outputSize: 10240,
        fields: { compressedSize: 508, uncompressedSize: 10240, trailingBytes: 4 },
      }),
    );
    expect(facts).toEqual([{ label: 'Trailing bytes', value: '4' }]);
  });
  it('keeps a size that disagrees with the decoded output (a cut stream says so)', () => {
    const facts = layerFacts(layer({ outputSize: 100, fields: { uncompressedSize: 10240 } }));
    expect(facts).toEqual([{ label: 'Uncompressed size', value: '10,240' }]);
  });
  it('shows the kbuild size trailer once when the container and the codec both read it', () => {
    const facts = layerFacts(
      layer({ outputSize: 5744, fields: { 'uncompressed size (trailer)': 5744, 'size trailer': 5744 } }),
    );
    expect(facts).toEqual([{ label: 'Size trailer', value: '5,744 B (= decoded size)' }]);
  });
  it('shows both trailer readings when they differ', () => {
    const facts = layerFacts(layer({ fields: { 'uncompressed size (trailer)': 7, 'size trailer': 9 } }));
    expect(facts.map((f) => f.value)).toEqual(['7', '9']);
  });
});

describe('layerNotes', () => {
  const notes = ['The block check (CRC32) verified.', 'kbuild size trailer matches (5744 bytes).'];
  it('drops the trailer confirmation the Size trailer row already shows', () => {
    const l = layer({ outputSize: 5744, notes, fields: { 'size trailer': 5744 } });
    expect(layerNotes(l)).toEqual(['The block check (CRC32) verified.']);
  });
  it('keeps every note when no row shows a matching trailer', () => {
    expect(layerNotes(layer({ outputSize: 5744, notes }))).toEqual(notes);
    expect(layerNotes(layer({ outputSize: 9, notes, fields: { 'size trailer': 5744 } }))).toEqual(notes);
  });
});
