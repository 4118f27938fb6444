/** --tar: the header archive as a plain .tar on stdout, byte for byte what `xz -dc` gives. */
import { damageLines, headerDamage } from './header-damage';
import { EXIT_NOT_FOUND, EXIT_OK, type Mode } from './mode';

export const tarMode: Mode = {
  flag: '--tar',
  until: 'tar',
  help: 'the header archive as a plain .tar on stdout (byte for byte the decompressed stream)',
  checkFiles: (files) => (files.length > 1 ? '--tar writes one archive: give one FILE' : null),
  async run(file, ctx) {
    const i = await file.inspection();
    if (!i.tar) {
      ctx.warn(`${file.path}: no kernel header archive found.`);
      return EXIT_NOT_FOUND;
    }
    await ctx.out(i.tar);
    // Like `xz -dc` of a cut stream: what could be read goes out, then the error and exit 1.
    const damage = headerDamage(i.result);
    for (const line of damageLines(file.path, damage)) ctx.warn(line);
    return damage.length > 0 ? EXIT_NOT_FOUND : EXIT_OK;
  },
};
