/** Parse argv against the mode table: at most one mode flag, the shared options, then FILEs. */
import type { Mode } from './mode';

export interface ParsedArgs {
  mode: Mode;
  arg: string | undefined;
  maxOutput: number | undefined;
  files: string[];
  help: boolean;
}

export function parseArgs(argv: readonly string[], modes: readonly Mode[]): ParsedArgs | string {
  let mode: Mode | undefined;
  let arg: string | undefined;
  let maxOutput: number | undefined;
  let help = false;
  const files: string[] = [];
  let onlyFiles = false;
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
    if (a === '--max-output') {
      const v = argv[++i];
      maxOutput = Number(v);
      if (v === undefined || !Number.isFinite(maxOutput) || maxOutput <= 0)
        return '--max-output needs a positive number';
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
  return { mode: mode ?? modes[0]!, arg, maxOutput, files, help };
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
    '',
    ...(def ? [line('(no option)', def.help)] : []),
    ...flags.map((m) => line(col(m), m.help)),
    line('--max-output BYTES', 'total decompressed bytes allowed across all layers (default 2 GiB)'),
  ].join('\n');
}
