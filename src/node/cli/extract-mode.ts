/**
 * --extract DIR: write the header tree into DIR, as `tar -xpf` of the decompressed archive would,
 * under the export's safety policy (src/node/extract.ts). Prints one summary line; names every
 * entry it left out on stderr and then exits 1, since the tree is not the whole archive.
 */
import { displayText } from '../../core/names';
import { extractTree } from '../extract';
import { EXIT_NOT_FOUND, EXIT_OK, type Mode } from './mode';

export const extractMode: Mode = {
  flag: '--extract',
  arg: 'DIR',
  help: 'write the header tree into DIR (created if needed), as tar -xpf would; never outside DIR',
  checkFiles: (files) => (files.length > 1 ? '--extract writes one tree: give one FILE' : null),
  async run(file, ctx) {
    const i = await file.inspection();
    if (!i.tar) {
      ctx.warn(`${file.path}: no kernel header archive found.`);
      return EXIT_NOT_FOUND;
    }
    const dir = ctx.arg!;
    const s = extractTree(i.result.entries, i.tar, dir);
    for (const k of s.skipped) ctx.warn(`not extracted: ${displayText(k.path)}: ${k.reason}`);
    const links = s.symlinks + s.hardlinks;
    await ctx.out(
      `${dir}: ${s.files} files, ${s.dirs} folders, ${links} links` +
        (s.skipped.length ? `; ${s.skipped.length} entries left out (see above)` : '') +
        '\n',
    );
    return s.skipped.length ? EXIT_NOT_FOUND : EXIT_OK;
  },
};
