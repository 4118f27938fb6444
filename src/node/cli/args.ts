/** Parse argv against the mode table: at most one mode flag, the shared options, then FILEs. */
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

/** What the arguments said so far (parseArgs fills it one argument at a time). */
interface ArgState extends Omit<ParsedArgs, 'mode'> {
  mode: Mode | undefined;
  /** After "--": everything is a FILE. */
  onlyFiles: boolean;
  /** Flags that are both a mode and another mode's option (--json, --diff's --json): decided last. */
  dual: string[];
}

export function parseArgs(argv: readonly string[], modes: readonly Mode[]): ParsedArgs | string {
  const s: ArgState = {
    mode: undefined,
    arg: undefined,
    maxOutput: undefined,
    files: [],
    help: false,
    version: false,
    options: new Map(),
    onlyFiles: false,
    dual: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const next = takeShared(argv, i, s) ?? takeModeFlag(argv, i, modes, s);
    if (typeof next === 'string') return next;
    i = next;
  }
  const bad = settleDual(s, modes);
  if (bad) return bad;
  const chosen = s.mode ?? modes[0]!;
  const { arg, maxOutput, files, help, version, options } = s;
  return (
    optionsOutsideMode(chosen, options, modes) ?? {
      mode: chosen,
      arg,
      maxOutput,
      files,
      help,
      version,
      options,
    }
  );
}

/**
 * A FILE, "--", help, version or --max-output at argv[i]: the index of its last argument, an error,
 * or null when argv[i] is something else (a mode flag or a mode's option).
 */
function takeShared(argv: readonly string[], i: number, s: ArgState): number | string | null {
  const a = argv[i]!;
  if (s.onlyFiles || a === '-' || !a.startsWith('-')) s.files.push(a);
  else if (a === '--') s.onlyFiles = true;
  else if (a === '-h' || a === '--help') s.help = true;
  else if (a === '-V' || a === '--version') s.version = true;
  else if (a === '--max-output') {
    const v = argv[i + 1];
    s.maxOutput = Number(v);
    if (v === undefined || !Number.isFinite(s.maxOutput) || s.maxOutput <= 0)
      return '--max-output needs a positive number';
    return i + 1;
  } else return null;
  return i;
}

/** A mode flag (with its value) or a mode's option at argv[i]: the index of its last argument, or an error. */
function takeModeFlag(
  argv: readonly string[],
  i: number,
  modes: readonly Mode[],
  s: ArgState,
): number | string {
  const a = argv[i]!;
  if (
    modes.some((x) => x.flag === a && !x.arg) &&
    modes.some((x) => x.options?.some((o) => o.flag === a && !o.arg))
  ) {
    s.dual.push(a);
    return i;
  }
  const opt = modes.flatMap((x) => x.options ?? []).find((o) => o.flag === a);
  if (opt) {
    const v = opt.arg ? argv[++i] : true;
    if (v === undefined || v === '') return `${a} needs ${opt.arg}`;
    s.options.set(a, v);
    return i;
  }
  const m = modes.find((x) => x.flag !== '' && x.flag === a);
  if (!m) return `unknown option ${a}`;
  if (s.mode) return `${s.mode.flag} and ${m.flag} cannot be combined`;
  s.mode = m;
  if (m.arg) {
    s.arg = argv[++i];
    if (s.arg === undefined || s.arg === '') return `${m.flag} needs ${m.arg}`;
  }
  return i;
}

/** A flag that is a mode and also an option: the chosen mode's option if it has it, else the mode. */
function settleDual(s: ArgState, modes: readonly Mode[]): string | null {
  for (const a of s.dual) {
    if (s.mode?.options?.some((o) => o.flag === a)) s.options.set(a, true);
    else if (s.mode) return `${s.mode.flag} and ${a} cannot be combined`;
    else s.mode = modes.find((x) => x.flag === a)!;
  }
  return null;
}

/** An option given that the chosen mode does not take: the error, else null. */
function optionsOutsideMode(
  chosen: Mode,
  options: ReadonlyMap<string, string | true>,
  modes: readonly Mode[],
): string | null {
  for (const flag of options.keys()) {
    if (!chosen.options?.some((o) => o.flag === flag)) {
      const owner = modes.find((x) => x.options?.some((o) => o.flag === flag))!;
      return `${flag} only goes with ${owner.flag}`;
    }
  }
  return null;
}

/** The --help text; `lookedFor` is the registry's list (core/formats lookedFor(), loaded only for it). */
export function usageText(modes: readonly Mode[], lookedFor: string): string {
  const flags = modes.filter((m) => m.flag !== '');
  const col = (m: Mode): string => (m.arg ? `${m.flag} ${m.arg}` : m.flag);
  const def = modes.find((m) => m.flag === '');
  // [label, help] of every option line; the labels' column is as wide as the widest label.
  const rows: [string, string][] = [
    ...(def ? [['(no option)', def.help] as [string, string]] : []),
    ...flags.flatMap((m): [string, string][] => [
      [col(m), m.help],
      ...(m.options ?? []).map((o): [string, string] => [
        `  ${o.arg ? `${o.flag} ${o.arg}` : o.flag}`,
        o.help,
      ]),
    ]),
    [
      '--max-output BYTES',
      'output budget: decompressed bytes allowed across all layers, trial decodes included (default 64× the file, 256 MiB to 2 GiB)',
    ],
    ['-V, --version', 'print the version and exit'],
  ];
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `usage: kheaders-inspector [${flags.map((m) => col(m)).join(' | ')}] [--max-output BYTES] FILE...`,
    '',
    'Finds every layer of a Linux kernel artifact (kheaders.tar.xz, kheaders.ko, vmlinux, bzImage,',
    'zImage, Image(.gz), EFI zboot, Android boot.img, uImage, config.gz …) and reports the kernel',
    'headers and config inside. Several FILEs are each reported under their own name; the exit code',
    'is the worst of them: 0 found, 1 nothing found or a check failed, 2 usage error or unreadable file.',
    'FILE "-" is standard input; a pipe works too (adb exec-out cat /sys/kernel/kheaders.tar.xz | … -).',
    ...wrap(`It looks for ${lookedFor}.`, 100),
    'Text output never holds a raw control character: names show C0/C1 controls, DEL and bidi',
    'controls as \\xNN or \\uXXXX (U+202E as \\u202E) and a literal backslash as \\\\.',
    '',
    ...rows.map(([l, h]) => `  ${l.padEnd(width)}${h}`),
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
