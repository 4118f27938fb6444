/**
 * --config: the kernel .config exactly as the kernel's scripts/extract-ikconfig prints it (the
 * gunzipped IKCONFIG blob, byte for byte). The inspection stops as soon as the config is found, so
 * neither the headers archive nor the rest of the image is decoded.
 */
import { EXIT_NOT_FOUND, EXIT_OK, type Mode } from './mode';

export const configMode: Mode = {
  flag: '--config',
  help: 'the kernel .config, byte for byte what scripts/extract-ikconfig prints (stops once found)',
  until: 'config',
  shortRun: true,
  async run(file, ctx) {
    const i = await file.inspection();
    if (i.configBytes) {
      await ctx.out(i.configBytes);
      return EXIT_OK;
    }
    const { config, configText } = i.result;
    if (config?.source === 'autoconf' && configText !== null) {
      ctx.warn(
        `${file.path}: no IKCONFIG inside; this config is rebuilt from the headers' ` +
          'include/generated/autoconf.h (set options only, sorted by name).',
      );
      await ctx.out(configText);
      return EXIT_OK;
    }
    ctx.warn(`${file.path}: no kernel config found (the kernel was built without CONFIG_IKCONFIG).`);
    return EXIT_NOT_FOUND;
  },
};
