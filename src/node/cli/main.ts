/**
 * The CLI dispatcher: parse argv against the mode table, read each FILE once, hand it to the mode,
 * and exit with the worst code. All output goes through one `Output` so modes never touch process.*.
 */
import { displayName } from '../../core/names';
import { version } from '../../../package.json';
import { type ParsedArgs, parseArgs, usageText } from './args';
import { EXIT_OK, EXIT_USAGE, type Mode, type ModeContext, type OpenedFile, type Output } from './mode';
import { modes } from './modes';
import { openFile } from './open-file';
import { stdoutWriter } from './stdout';
import { baselineCompilersOnly } from './short-run';

export const PROGRAM = 'kheaders-inspector';

/** Set by scripts/build-cli.mjs: the format registry's lookedFor() text. */
declare const KHI_LOOKED_FOR: string | undefined;

/** stdout/stderr of this process; stdout waits for the reader and stops quietly at a closed pipe (`… | head`). */
export function processOutput(): Output {
  return {
    out: stdoutWriter(),
    // Paths and messages may carry input bytes: escape each line (see core/names.ts).
    warn: (msg) => void process.stderr.write(`${PROGRAM}: ${msg.split('\n').map(displayName).join('\n')}\n`),
  };
}

/** A message that may hold input text, kept on one line (its own line breaks escaped). */
const oneLine = (msg: string): string => msg.replace(/\n/g, '\\x0a');

export async function runCli(argv: readonly string[], io: Output): Promise<number> {
  const parsed = parseArgs(argv, modes);
  const early = await answeredWithoutFiles(parsed, io);
  if (early !== null || typeof parsed === 'string') return early ?? EXIT_USAGE;
  const { mode, files } = parsed;
  const ctx: ModeContext = {
    ...io,
    arg: parsed.arg,
    maxOutput: parsed.maxOutput,
    several: files.length > 1,
    options: parsed.options,
  };
  if (mode.shortRun) await baselineCompilersOnly();
  if (mode.runAll) return mode.runAll(files, ctx);
  let worst = EXIT_OK;
  for (const [index, path] of files.entries()) {
    if (ctx.several)
      await io.out(mode.before ? mode.before(path, index) : `${index > 0 ? '\n' : ''}==> ${path} <==\n`);
    worst = Math.max(worst, await runOne(mode, path, ctx));
  }
  if (ctx.several && mode.after) await io.out(mode.after);
  return worst;
}

/** Usage errors, --version, --help and a FILE list the mode refuses: the exit code; null to go on. */
async function answeredWithoutFiles(parsed: ParsedArgs | string, io: Output): Promise<number | null> {
  // The built CLI has the registry's list from the build (scripts/build-cli.mjs); unbuilt, it loads it.
  const usage = async (): Promise<string> =>
    usageText(
      modes,
      typeof KHI_LOOKED_FOR === 'string' ? KHI_LOOKED_FOR : (await import('../../core/formats')).lookedFor(),
    );
  if (typeof parsed === 'string') {
    io.warn(`${parsed}\n${await usage()}`);
    return EXIT_USAGE;
  }
  if (parsed.version) {
    await io.out(`${PROGRAM} ${version}\n`);
    return EXIT_OK;
  }
  if (parsed.help) {
    await io.out((await usage()) + '\n');
    return EXIT_OK;
  }
  if (parsed.files.length === 0) {
    io.warn(`give at least one FILE\n${await usage()}`);
    return EXIT_USAGE;
  }
  const bad = parsed.mode.checkFiles?.(parsed.files);
  if (bad) {
    io.warn(bad);
    return EXIT_USAGE;
  }
  return null;
}

/** Open one FILE and run the mode on it; an unreadable file or a mode that throws is exit 2. */
async function runOne(mode: Mode, path: string, ctx: ModeContext): Promise<number> {
  let file: OpenedFile;
  try {
    file = await openFile(path, {
      maxOutput: ctx.maxOutput,
      until: typeof mode.until === 'function' ? mode.until(ctx.arg) : mode.until,
      keepOutputs: mode.keepOutputs,
    });
  } catch (e) {
    ctx.warn(`cannot read ${path}: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    return EXIT_USAGE;
  }
  try {
    return await mode.run(file, ctx);
  } catch (e) {
    ctx.warn(`${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return EXIT_USAGE;
  }
}
