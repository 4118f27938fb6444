/**
 * The CLI twin of the app: the same core, in Node.
 *   npm run -s inspect -- [--json] [--list] [--max-output BYTES] FILE
 * Exit codes: 0 headers or a config found, 1 nothing found, 2 usage error or unreadable file.
 */
import { inspect } from './core/inspect';
import { fileSource } from './node/file-source';
import { formatLayerTree, toJson } from './node/report';

const USAGE = `usage: inspect [--json] [--list] [--max-output BYTES] FILE

Finds every layer of a Linux kernel artifact (kheaders.tar.xz, kheaders.ko, vmlinux, bzImage,
zImage, Image(.gz), EFI zboot, Android boot.img, uImage, config.gz …) and reports the kernel
headers and config inside.

  --json        one JSON object: layers, headers, config, kernel, errors
  --list        "<size>\\t<path>" for every regular file in the header archive, sorted by path
  --max-output  total decompressed bytes allowed across all layers (default 2 GiB)`;

async function main(argv: string[]): Promise<number> {
  let json = false;
  let list = false;
  let maxOutput: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--list') list = true;
    else if (a === '--max-output') {
      maxOutput = Number(argv[++i]);
      if (!Number.isFinite(maxOutput) || maxOutput <= 0) return usage('--max-output needs a positive number');
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return usage('give exactly one FILE');
  const path = files[0]!;
  let source;
  try {
    source = await fileSource(path);
  } catch (e) {
    process.stderr.write(`inspect: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const { result } = await inspect(source, { maxOutput });
  const found = result.headers !== null || result.config !== null;
  if (list) {
    const rows = result.entries
      .filter((e) => e.type === 'file')
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    process.stdout.write(rows.map((e) => `${e.size}\t${e.path}\n`).join(''));
  } else if (json) {
    process.stdout.write(JSON.stringify(toJson(result), null, 2) + '\n');
  } else {
    process.stdout.write(formatLayerTree(result));
  }
  return found ? 0 : 1;
}

function usage(msg: string): number {
  process.stderr.write(`inspect: ${msg}\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`inspect: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
