/**
 * --extract DIR: write the header tree into DIR, as `tar -xpf` of the decompressed archive would,
 * under the export's safety policy (src/node/extract.ts). Prints one summary line; names every
 * entry it left out on stderr and then exits 1, since the tree is not the whole archive.
 * Several FILEs: each goes into DIR/<its file name>, so two FILEs with the same name are refused.
 */
import { basename, join } from 'node:path';
import { displayText } from '../../core/names';
import type { ExtractSummary } from '../extract';
import { damageLines, headerDamage } from './header-damage';
import { EXIT_NOT_FOUND, EXIT_OK, type Mode, type ModeContext } from './mode';

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
    const dir = ctx.several ? join(ctx.arg!, basename(file.path)) : ctx.arg!;
    // An xz-compressed tar decodes in a worker while this thread writes (its own chunk, loaded on
    // use); the worker starts first, while the rest loads and the stream is planned.
    const { mayStream, startXzWorker } = await import('../xz-shared-decode');
    const worker = mayStream(file.bytes) ? startXzWorker() : undefined;
    const { extractXzTar } = await import('../extract-stream');
    const streamed = await extractXzTar(file.bytes, dir, { maxOutput: ctx.maxOutput, worker });
    if (streamed) {
      for (const e of streamed.errors) ctx.warn(`${file.path}: ${e.message}`);
      return report(streamed.summary, dir, ctx, streamed.errors.length > 0);
    }
    const i = await file.inspection();
    if (!i.tar) {
      ctx.warn(`${file.path}: no kernel header archive found.`);
      return EXIT_NOT_FOUND;
    }
    const { extractTree } = await import('../extract'); // its own chunk, loaded on use
    // What could be read is written; a cut or damaged archive still says so and exits 1.
    const damage = headerDamage(i.result);
    for (const line of damageLines(file.path, damage)) ctx.warn(line);
    return report(extractTree(i.result.entries, i.tar, dir), dir, ctx, damage.length > 0);
  },
};

/** Name what was left out (stderr), print the one summary line; exit 1 when anything is missing. */
async function report(s: ExtractSummary, dir: string, ctx: ModeContext, damaged: boolean): Promise<number> {
  for (const k of s.skipped) ctx.warn(`not extracted: ${displayText(k.path)}: ${k.reason}`);
  const links = s.symlinks + s.hardlinks;
  await ctx.out(
    `${dir}: ${s.files} files, ${s.dirs} folders, ${links} links` +
      (s.skipped.length ? `; ${s.skipped.length} entries left out (see above)` : '') +
      (damaged ? '; the archive is damaged or incomplete (see above)' : '') +
      '\n',
  );
  return s.skipped.length || damaged ? EXIT_NOT_FOUND : EXIT_OK;
}
