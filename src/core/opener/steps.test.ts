import { afterEach, describe, expect, it } from 'vitest';
import { ascii } from '../bytes';
import { type BlockPut, PieceSink, runXzBlockTask, setXzBlockPool } from '../formats/xz/block-pool';
import { readTar } from '../tar';
import { buildTree } from '../tree';
import { type Cursor } from './cursor';
import { openContainer } from './container';
import { inside } from './cursor';
import { decodeStream } from './decode';
import { explore } from './explore';
import { openWholeFileStream, scanMagics } from './magics';
import { markerLayer, scanMarkers } from './markers';
import { cursorOver, embed, flatten, load } from '../../../test/kit/opener';
import { looksLikeConfig, openTerminal } from './terminal';
import { codecById } from '../formats';
import { findMarkers } from '../formats/markers/markers';

const e2e = 'test/fixtures/e2e';
const manifest = JSON.parse(new TextDecoder().decode(load(`${e2e}/manifest.json`)));
const open: { dispose(): void }[] = [];
const over = (...a: Parameters<typeof cursorOver>) => {
  const c = cursorOver(...a);
  open.push(c);
  return c;
};
afterEach(() => open.splice(0).forEach((c) => c.dispose()));

describe('step tar/config (terminal.ts)', () => {
  it('a tar ends the descent as a tar layer the run keeps', () => {
    const cur = over(load('test/fixtures/tar/kheaders-small.tar'));
    expect(openTerminal(cur)).toBe(true);
    const [tl] = cur.parent.children;
    expect(tl).toMatchObject({ format: 'tar', foundBy: 'decoded' });
    expect(cur.run.tars).toHaveLength(1);
    expect(cur.run.tars[0]!.layer).toBe(tl);
    expect(cur.run.tars[0]!.entries.length).toBe(tl!.fields.entries);
  });

  it('a .config is the input file itself (plain) or decoded data, never raw bytes inside a container', () => {
    const text = load(`${e2e}/ikconfig.expected`);
    expect(looksLikeConfig(text)).toBe(true);
    const file = over(text);
    expect(openTerminal(file)).toBe(true);
    expect(file.run.configs[0]).toMatchObject({ plain: true, bytes: text });
    const decoded = inside(file, { bytes: text, fileBase: null, parent: file.parent, trail: 't' });
    expect(openTerminal(decoded)).toBe(true);
    expect(file.run.configs[1]!.plain).toBe(false);
    const region = inside(file, { bytes: text, fileBase: 100, parent: file.parent, trail: 't' });
    expect(openTerminal(region)).toBe(false);
  });

  it('other bytes go on to the next step', () => {
    const cur = over(load(`${e2e}/random.bin`));
    expect(openTerminal(cur)).toBe(false);
    expect(cur.parent.children).toEqual([]);
  });
});

describe('step container (container.ts)', () => {
  it('opens the regions a bzImage header points to and claims them', async () => {
    const f = manifest.files['bzImage-fixture.bin'];
    const cur = over(load(`${e2e}/bzImage-fixture.bin`));
    const rest = await openContainer(cur);
    const [bz] = cur.parent.children;
    expect(bz!.format).toBe('bzimage');
    expect(bz!.children[0]).toMatchObject({ format: 'xz', fileOffset: f.payloadAt, foundBy: 'header-field' });
    expect(cur.claimed[0]![0]).toBe(f.payloadAt);
    // The decoded payload was explored too: the headers are found below it.
    expect(cur.run.tars).toHaveLength(1);
    // The header accounted for everything: nothing is left to scan.
    expect(rest).toBeNull();
  });

  it('a container that asks for a scan of the rest hands the scans its own layer', async () => {
    // A bzImage whose header lacks payload_offset (protocol < 2.08) asks for a scan.
    const bytes = load(`${e2e}/bzImage-fixture.bin`).slice();
    bytes[0x206] = 0x07; // boot protocol 2.07
    const cur = over(bytes);
    const rest = await openContainer(cur);
    expect(rest).toMatchObject({ bytes, depth: 0, parent: cur.parent.children[0] });
    expect(cur.parent.children[0]!.children).toEqual([]);
  });

  it('leaves bytes without a container header to the scans', async () => {
    const cur = over(load(`${e2e}/ikcfg.bin`));
    expect(await openContainer(cur)).toBe(cur);
    expect(cur.parent.children).toEqual([]);
  });
});

describe('step markers (markers.ts)', () => {
  it('decodes the IKCFG blob between its markers and claims the pair', async () => {
    const f = manifest.files['ikcfg.bin'];
    const cur = over(load(`${e2e}/ikcfg.bin`));
    await scanMarkers(cur);
    const [ml] = cur.parent.children;
    expect(ml).toMatchObject({ format: 'ikcfg', fileOffset: f.ikcfgAt, foundBy: 'marker' });
    expect(ml!.children[0]).toMatchObject({ format: 'gzip', fileOffset: f.gzipAt, length: f.gzipLength });
    expect(cur.run.configs).toHaveLength(1);
    expect(cur.claimed).toHaveLength(1);
    expect(cur.claimed[0]![0]).toBe(f.ikcfgAt);
  });

  it('a missing end marker is a warning on the marker layer', () => {
    const bytes = embed(ascii('IKCFG_ST\x1f\x8b\x08'), 16);
    const cur = over(bytes);
    const [hit] = findMarkers(bytes).hits;
    const ml = markerLayer(cur, hit!);
    expect(ml.length).toBeNull();
    expect(ml.fields['end marker']).toBe('missing');
    expect(ml.errors).toEqual([
      expect.objectContaining({ code: 'truncated', severity: 'warning', offset: 16 }),
    ]);
  });
});

describe('step magics (magics.ts)', () => {
  it('keeps a stream that decodes, claims it, and rejects a false magic with a note', async () => {
    const gz = load('test/fixtures/codecs/small.gz');
    const bytes = embed(gz, 300);
    bytes.set([0x1f, 0x8b, 0x08, 0xff], 10); // a gzip magic with reserved flag bits set
    const cur = over(bytes);
    await scanMagics(cur);
    const kept = cur.parent.children;
    expect(kept.map((l) => [l.format, l.offset, l.foundBy])).toEqual([['gzip', 300, 'magic']]);
    expect(cur.claimed).toEqual([[300, 300 + kept[0]!.length!]]);
    expect(cur.run.rejected).toBe(1);
    expect(cur.parent.notes.join('\n')).toMatch(
      /1 magic-number hit was rejected.*\n.*Rejected gzip magic at 0xa/,
    );
  });

  it('does not try hits once the output budget is spent, and says so', async () => {
    const cur = over(embed(load('test/fixtures/codecs/small.gz'), 300), { maxOutput: 0 });
    cur.run.budget.charge(0); // a budget of 0 bytes is spent at once
    await scanMagics(cur);
    expect(cur.parent.children).toEqual([]);
    expect(cur.parent.notes).toEqual(['1 magic-number hit was not tried: the output budget is spent.']);
  });
});

/** A block pool that decodes here, handing out each block in pieces of 1 KiB a macrotask apart. */
const herePool = {
  size: 1,
  async decode(task: Parameters<typeof runXzBlockTask>[0], _s: AbortSignal, put: BlockPut) {
    const pieces: [number, Uint8Array][] = [];
    const r = await runXzBlockTask(
      task,
      new PieceSink(task.outSize, (at, b) => pieces.push([at, b.slice()]), undefined, 1024),
    );
    for (const [at, b] of pieces) {
      await new Promise((go) => setTimeout(go, 0));
      put(at, b);
    }
    return r;
  },
};

describe('the tar walk while an xz stream decodes in a block pool (decode.ts, terminal.ts)', () => {
  afterEach(() => setXzBlockPool(null));

  /** Open the whole-file stream; returns the decoded bytes' cursor and the run's tar. */
  async function open(bytes: Uint8Array) {
    const cur = over(bytes);
    const seen: Cursor[] = [];
    const spy: Cursor = { ...cur, descend: async (c) => (seen.push(c), explore(c)) };
    await openWholeFileStream(spy);
    return { child: seen[0]!, tar: cur.run.tars[0]! };
  }

  it('walks the decoded prefix as the pieces land and resumes that walk: the listing readTar gives', async () => {
    const xz = load('test/fixtures/tar/kheaders-small.blocks.tar.xz');
    setXzBlockPool(herePool);
    const { child, tar } = await open(xz);
    expect(child.tarWalk?.walked).toBeGreaterThan(16 << 10); // over the 4 blocks' pieces
    expect(tar.entries).toEqual(readTar(load('test/fixtures/tar/kheaders-small.tar')).entries);
    // The header tree was built during the walk: the tree buildTree makes of the listing.
    expect(tar.tree).not.toBeNull();
    expect(tar.tree).toEqual(buildTree(tar.entries));
    setXzBlockPool(null);
    const plain = await open(xz);
    expect(plain.child.tarWalk?.walked).toBe(0); // no pool: the decode never tells a prefix
    expect(plain.tar.entries).toEqual(tar.entries);
    expect(plain.tar.layer).toEqual(tar.layer);
    expect(plain.tar.tree).toBeNull(); // nothing walked: foundHeaders builds it
  });

  it('a damaged last block: the listing of what is kept (xz -dc), as without a pool', async () => {
    const xz = load('test/fixtures/tar/kheaders-small.blocks.tar.xz').slice();
    xz[xz.length - 200]! ^= 0x40; // inside the last block
    setXzBlockPool(herePool);
    const pooled = await open(xz);
    setXzBlockPool(null);
    const plain = await open(xz);
    // What liblzma decoded of the damaged block before it noticed is kept, pieces the walk went over
    // included: the walk resumes, and its listing and tree are those of the bytes kept.
    expect(pooled.child.tarWalk!.walked).toBeLessThanOrEqual(pooled.child.bytes.length);
    expect(pooled.child.bytes.length).toBe(plain.child.bytes.length);
    expect(pooled.tar.layer).toEqual(plain.tar.layer);
    expect(pooled.tar.entries).toEqual(plain.tar.entries);
    expect(pooled.tar.tree).toEqual(buildTree(plain.tar.entries));
  });
});

describe('step whole-file stream (magics.ts)', () => {
  it('a file that is one clean stream is opened without a scan', async () => {
    const cur = over(load(`${e2e}/kheaders.tar.xz`));
    expect(await openWholeFileStream(cur)).toBe(true);
    expect(flatten(cur.parent).map((l) => [l.format, l.foundBy])).toEqual([
      ['file', 'whole-file'],
      ['xz', 'whole-file'],
      ['tar', 'decoded'],
    ]);
    expect(cur.claimed).toEqual([[0, cur.bytes.length]]);
    const explored = over(cur.bytes);
    await explore(explored);
    expect(explored.run.scannedBytes).toBe(0);
    expect(flatten(explored.parent).map((l) => l.format)).toEqual(['file', 'xz', 'tar']);
  });

  it('bytes after the stream, or a damaged stream, still go to the scans', async () => {
    const xz = load(`${e2e}/kheaders.tar.xz`);
    const tail = embed(xz, 0, xz.length + 64);
    const withTail = over(tail);
    expect(await openWholeFileStream(withTail)).toBe(false);
    expect(withTail.claimed).toEqual([[0, xz.length]]);
    const cut = over(load(`${e2e}/kheaders-truncated.tar.xz`));
    expect(await openWholeFileStream(cut)).toBe(false);
    const scanned = over(tail);
    await explore(scanned);
    expect(scanned.run.scannedBytes).toBe(tail.length);
    // The stream was decoded once, not again as a magic hit.
    expect(scanned.parent.children.map((l) => l.format)).toEqual(['xz']);
  });

  it('only the input file (depth 0) is taken whole; other bytes start with no stream here', async () => {
    const file = over(load(`${e2e}/kheaders.tar.xz`));
    const down = inside(file, { bytes: file.bytes, fileBase: null, parent: file.parent, trail: 't' });
    expect(await openWholeFileStream(down)).toBe(false);
    expect(await openWholeFileStream(over(load(`${e2e}/random.bin`)))).toBe(false);
  });
});

describe('decoding a stream (decode.ts)', () => {
  const gzip = codecById('gzip')!;
  const meta = {
    label: 'gzip',
    offset: 0,
    fileOffset: 0,
    length: null,
    foundBy: 'magic',
    fields: {},
    notes: [],
  } as const;

  it('a strict hit that does not decode adds nothing; a region a header points to is listed anyway', async () => {
    const junk = new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
    const cur = over(junk);
    const strict = await decodeStream(cur, junk, gzip, { ...meta, strict: true });
    expect(strict).toMatchObject({ accepted: false });
    expect(cur.parent.children).toEqual([]);
    const region = await decodeStream(cur, junk, gzip, { ...meta, strict: false });
    expect(region.accepted).toBe(true);
    expect(cur.parent.children[0]!.errors.length).toBeGreaterThan(0);
  });

  it('opens the output one level down with the codec in the trail', async () => {
    const cur = over(load(`${e2e}/kheaders.tar.xz`));
    await decodeStream(cur, cur.bytes, codecById('xz')!, { ...meta, label: 'xz', strict: false });
    expect(flatten(cur.parent).map((l) => l.format)).toEqual(['file', 'xz', 'tar']);
  });
});

describe('explore: the steps in order', () => {
  it('stops at maxDepth with a note on the layer not opened', async () => {
    const cur = over(load(`${e2e}/kheaders.tar.xz`), { maxDepth: 0 });
    await explore(cur);
    const xz = cur.parent.children[0]!;
    expect(xz.format).toBe('xz');
    expect(xz.children).toEqual([]);
    expect(xz.notes).toContain('Not opened further: nesting deeper than 0 layers.');
  });

  it('with until: config, stops once a config is found', async () => {
    const cur = over(load(`${e2e}/bzImage-fixture.bin`), { until: 'config' });
    await explore(cur);
    expect(cur.run.configs).toHaveLength(1);
    // The config blob lies before the headers in the image: they are never decoded.
    expect(cur.run.tars).toHaveLength(0);
    expect(flatten(cur.parent).some((l) => l.format === 'ikhd')).toBe(false);
  });
});
