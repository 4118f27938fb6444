/**
 * --layer N: one layer's bytes on stdout, N being the "#N" the layer tree prints (carving, the
 * page's Save bytes); --decoded: a compressed layer's decoded output instead (Save decoded: the
 * vmlinux of a bzImage, as scripts/extract-vmlinux gives it; the .config of an IKCFG blob).
 */
import { layerPath } from '../../core/layer-path';
import { EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, type Mode } from './mode';

/** N of --layer N: decimal digits, a safe integer; else null. */
function layerNumber(arg: string | undefined): number | null {
  const n = Number(arg);
  return /^\d+$/.test(arg ?? '') && Number.isSafeInteger(n) ? n : null;
}

export const layerMode: Mode = {
  flag: '--layer',
  arg: 'N',
  help: 'write layer N (the #N of the layer tree) to stdout, as stored in its file or decoded output',
  options: [
    {
      flag: '--decoded',
      help: "with --layer: the layer's decoded output (e.g. the vmlinux a bzImage holds)",
    },
  ],
  keepOutputs: true,
  // Layers after #N are not looked for, and #N's output is not opened (a bzImage's vmlinux is not
  // scanned): the numbers up to #N are the ones a whole open gives.
  until: (arg) => {
    const n = layerNumber(arg);
    return n === null ? undefined : { layer: n };
  },
  checkFiles: (files) => (files.length > 1 ? '--layer writes one layer: give one FILE' : null),
  async run(file, ctx) {
    const id = layerNumber(ctx.arg);
    if (id === null) {
      ctx.warn(`--layer needs a layer number (the #N of the layer tree), not ${ctx.arg}`);
      return EXIT_USAGE;
    }
    const decoded = ctx.options.has('--decoded');
    const [i, { bytesSource }, { keptOutputs, LayerBytes }] = await Promise.all([
      file.inspection(),
      import('../../core/source'),
      import('../../core/layer-bytes'),
    ]);
    const root = i.result.layers;
    const layer = layerPath(root, id)?.at(-1);
    if (!layer) {
      ctx.warn(`${file.path}: no layer #${id} (the layer tree numbers them from #${root.id}).`);
      return EXIT_NOT_FOUND;
    }
    if (decoded && layer.outputSize === undefined) {
      ctx.warn(`${file.path}: layer #${id} (${layer.format}) is not compressed: leave out --decoded.`);
      return EXIT_NOT_FOUND;
    }
    const source = bytesSource(file.bytes, file.path);
    // The inspection kept every decoded output (keepOutputs): nothing is decoded a second time.
    const held = new Map([...keptOutputs(i), ...i.outputs]);
    const bytes =
      layer === root ? file.bytes : await new LayerBytes(root, source, held).whole(id, decoded, true);
    if (!bytes) {
      ctx.warn(`${file.path}: layer #${id} could not be read.`);
      return EXIT_NOT_FOUND;
    }
    await ctx.out(bytes);
    return EXIT_OK;
  },
};
