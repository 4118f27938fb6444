/** Parse argv against the mode table: at most one mode flag, the shared options, then FILEs. */
import { lookedFor } from '../../core/formats';
import type { Mode } from './mode';

export interface ParsedArgs {
  mode: Mode;
  arg: string | undefined;
  maxOutput: number | undefined;
  files: string[];
  help: boolean;
  version: boolean;
  /** Mode options given (flag → value or true); each belongs to the chosen mode. */
  options: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], modes: readonly Mode[]): ParsedArgs | string {
  let mode: Mode | undefined;
  let arg: string | undefined;
  let maxOutput: number | undefined;
  let help = false;
  let version = false;
  const files: string[] = [];
  const options = new Map<string, string | true>();
  let onlyFiles = false;
  /** Flags that are both a mode and another mode's option (--json, --diff's --json): decided last. */
  const dual: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyFiles || a === '-' || !a.startsWith('-')) {
      files.push(a);
      continue;
    }
    if (a === '--') {
      onlyFiles = true;
      continue;
    }
    if (a === '-h' || a === '--help') {
      help = true;
      continue;
    }
    if (a === '-V' || a === '--version') {
      version = true;
      continue;
    }
    if (a === '--max-output') {
      const v = argv[++i];
      maxOutput = Number(v);
      if (v === undefined || !Number.isFinite(maxOutput) || maxOutput <= 0)
        return '--max-output needs a positive number';
      continue;
    }
    if (
      modes.some((x) => x.flag === a && !x.arg) &&
      modes.some((x) => x.options?.some((o) => o.flag === a && !o.arg))
    ) {
      dual.push(a);
      continue;
    }
    const owner = modes.find((x) => x.options?.some((o) => o.flag === a));
    const opt = owner?.options?.find((o) => o.flag === a);
    if (owner && opt) {
      const v = opt.arg ? argv[++i] : true;
      if (v === undefined || v === '') return `${a} needs ${opt.arg}`;
      options.set(a, v);
      continue;
    }
    const m = modes.find((x) => x.flag !== '' && x.flag === a);
    if (!m) return `unknown option ${a}`;
    if (mode) return `${mode.flag} and ${m.flag} cannot be combined`;
    mode = m;
    if (m.arg) {
      arg = argv[++i];
      if (arg === undefined || arg === '') return `${m.flag} needs ${m.arg}`;
    }
  }
  for (const a of dual) {
    if (mode?.options?.some((o) => o.flag === a)) options.set(a, true);
    else if (mode) return `${mode.flag} and ${a} cannot be combined`;
    else mode = modes.find((x) => x.flag === a)!;
  }
  const chosen = mode ?? modes[0]!;
  for (const flag of options.keys()) {
    if (!chosen.options?.some((o) => o.flag === flag)) {
      const owner = modes.find((x) => x.options?.some((o) => o.flag === flag))!;
      return `${flag} only goes with ${owner.flag}`;
    }
  }
  return { mode: chosen, arg, maxOutput, files, help, version, options };
}

export function usageText(modes: readonly Mode[]): string {
  const flags = modes.filter((m) => m.flag !== '');
  const col = (m: Mode): string => (m.arg ? `${m.flag} ${m.arg}` : m.flag);
  const width = Math.max(14, ...flags.map((m) => col(m).length)) + 2;
  const line = (l: string, h: string): string => `  ${l.padEnd(width)}${h}`;
  const def = modes.find((m) => m.flag === '');
  return [
    `usage: kheaders-inspector [${flags.map((m) => col(m)).join(' | ')}] [--max-output BYTES] FILE...`,
    '',
    'Finds every layer of a Linux kernel artifact (kheaders.tar.xz, kheaders.ko, vmlinux, bzImage,',
    'zImage, Image(.gz), EFI zboot, Android boot.img, uImage, config.gz …) and reports the kernel',
    'headers and config inside. Several FILEs are each reported under their own name; the exit code',
    'is the worst of them: 0 found, 1 nothing found or a check failed, 2 usage error or unreadable file.',
    ...wrap(`It looks for ${lookedFor()}.`, 100),
    'Text output never holds a raw control character: names show C0/C1 controls, DEL and bidi',
    'controls as \\xNN or \\uXXXX (U+202E as \\u202E) and a literal backslash as \\\\.',
    '',
    ...(def ? [line('(no option)', def.help)] : []),
    ...flags.flatMap((m) => [
      line(col(m), m.help),
      ...(m.options ?? []).map((o) => line(`  ${o.arg ? `${o.flag} ${o.arg}` : o.flag}`, o.help)),
    ]),
    line(
      '--max-output BYTES',
      'output budget: decompressed bytes allowed across all layers, trial decodes included (default 64× the file, 256 MiB to 2 GiB)',
    ),
    line('-V, --version', 'print the version and exit'),
  ].join('\n');
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}
