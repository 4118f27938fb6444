import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseCopy } from './choose';
import { inspect } from './inspect';
import { bytesSource } from './source';
import type { Layer } from './types';
import { flattenLayers as flatten } from '../../test/kit/layers';

const dir = 'test/fixtures/duplicates';
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));

let nextId = 0;
const layer = (format: string, children: Layer[] = [], errors = 0): Layer => ({
  id: nextId++,
  format,
  label: format,
  offset: 0,
  length: null,
  foundBy: 'magic',
  fields: {},
  notes: [],
  errors: Array.from({ length: errors }, () => ({ code: 'corrupt', message: 'bad', severity: 'error' })),
  children,
});

describe('prefer the verified copy', () => {
  const gz = new Uint8Array(readFileSync(`${dir}/Image-dup.gz`));
  const PAD = 512;

  it('a file that is one clean gzip stream is not scanned raw: only the decoded copies are layers', async () => {
    const { result } = await inspect(bytesSource(gz, 'Image-dup.gz'));
    const all = flatten(result.layers);
    expect(all.filter((l) => l.format === 'ikcfg').map((l) => l.fileOffset)).not.toContain(
      manifest.rawIkcfgAt,
    );
    expect(all.filter((l) => l.format === 'config').length).toBe(1);
    expect(all.filter((l) => l.format === 'xz').length).toBe(1);
    expect(result.config?.options).toBe(manifest.options);
    expect(result.headers?.files).toBe(manifest.files);
    expect(result.errors).toEqual([]);
  });

  it('a blob stored raw inside a compressed kernel loses to the copy in the decoded payload', async () => {
    // Behind a header (as in a boot image) the stream is found by the scans, after the markers.
    const bytes = new Uint8Array(PAD + gz.length);
    bytes.set(gz, PAD);
    const { result } = await inspect(bytesSource(bytes, 'Image-dup.gz.img'));
    const all = flatten(result.layers);
    // Both copies are found: the raw one (in the file's own bytes) and the decoded one.
    expect(all.filter((l) => l.format === 'ikcfg').map((l) => l.fileOffset)).toContain(
      PAD + manifest.rawIkcfgAt,
    );
    expect(all.filter((l) => l.format === 'config').length).toBe(2);
    expect(all.filter((l) => l.format === 'xz').length).toBe(2);
    // The raw copy's xz stream is damaged (gzip's bit stream runs through it): what decoded before
    // the damage is kept (as xz -dc writes it), so both copies hold a tar.
    expect(all.filter((l) => l.format === 'tar').length).toBe(2);
    // The verified copies win ...
    expect(result.config?.options).toBe(manifest.options);
    expect(result.headers?.files).toBe(manifest.files);
    const chosen = (id: number | undefined) => all.find((l) => l.id === id)!;
    expect(chosen(result.headers?.layerId).errors).toEqual([]);
    expect(chosen(result.config?.layerId).errors).toEqual([]);
    // ... and the damaged ones stay in the report with their errors.
    expect(result.errors.some((e) => e.code === 'corrupt')).toBe(true);
  });

  it('a verified copy beats a damaged one with more files; decoded beats raw; then the larger', () => {
    const damagedBig = layer('tar', [], 1);
    const verifiedSmall = layer('tar');
    const root = layer('file', [layer('xz', [damagedBig]), layer('xz', [verifiedSmall])]);
    const pick = chooseCopy(
      [
        { layer: damagedBig, size: 100 },
        { layer: verifiedSmall, size: 5 },
      ],
      root,
    );
    expect(pick?.layer).toBe(verifiedSmall);

    // A codec error on the blob's own chain damages it too (a CRC mismatch on the gzip).
    const rawCfg = layer('config');
    const decodedCfg = layer('config');
    const root2 = layer('file', [
      layer('ikcfg', [layer('gzip', [rawCfg], 1)]),
      layer('gzip', [layer('ikcfg', [layer('gzip', [decodedCfg])])]),
    ]);
    expect(
      chooseCopy(
        [
          { layer: rawCfg, size: 700 },
          { layer: decodedCfg, size: 600 },
        ],
        root2,
      )?.layer,
    ).toBe(decodedCfg);

    // Both whole: the one inside decoded data wins over the raw one, whatever its size.
    const raw = layer('config');
    const deep = layer('config');
    const root3 = layer('file', [
      layer('ikcfg', [layer('gzip', [raw])]),
      layer('gzip', [layer('ikcfg', [layer('gzip', [deep])])]),
    ]);
    const both = [
      { layer: raw, size: 700 },
      { layer: deep, size: 600 },
    ];
    expect(chooseCopy(both, root3)?.layer).toBe(deep);

    // Same evidence: the larger wins; ties keep the first found.
    const a = layer('tar');
    const b = layer('tar');
    const root4 = layer('file', [layer('xz', [a]), layer('xz', [b])]);
    expect(
      chooseCopy(
        [
          { layer: a, size: 1 },
          { layer: b, size: 2 },
        ],
        root4,
      )?.layer,
    ).toBe(b);
    expect(
      chooseCopy(
        [
          { layer: a, size: 2 },
          { layer: b, size: 2 },
        ],
        root4,
      )?.layer,
    ).toBe(a);
    expect(chooseCopy([], root4)).toBeNull();
  });
});
