/**
 * --extract DIR: write the header tree into DIR, as `tar -xpf` of the decompressed archive would,
 * under the export's safety policy (src/node/extract.ts). Prints one summary line; names every
 * entry it left out on stderr and then exits 1, since the tree is not the whole archive.
 * Several FILEs: each goes into DIR/<its file name>, so two FILEs with the same name are refused.
 */
import { basename, join } from 'node:path';
import { displayText } from '../../core/names';
import { EXIT_NOT_FOUND, EXIT_OK, type Mode } from './mode';

export const extractMode: Mode = {
  flag: '--extract',
  arg: 'DIR',
  help: 'write the header tree into DIR (created if needed), as tar -xpf would; never outside DIR; several FILEs: DIR/<file name> each',
  until: 'tar',
  checkFiles(files) {
    const seen = new Set<string>();
    for (const f of files) {
      const name = basename(f);
      if (seen.has(name))
        return `--extract with several FILEs writes each into DIR/<file name>: two FILEs are named ${displayText(name)}`;
      seen.add(name);
    }
    return null;
  },
  async run(file, ctx) {
    const i = await file.inspection();
    if (!i.tar) {
      ctx.warn(`${file.path}: no kernel header archive found.`);
      return EXIT_NOT_FOUND;
    }
    const dir = ctx.several ? join(ctx.arg!, basename(file.path)) : ctx.arg!;
    const { extractTree } = await import('../extract'); // its own chunk, loaded on use
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
