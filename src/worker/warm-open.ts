/**
 * Warm the open's JavaScript while the page is idle: inspect() a made-up header archive (a plain
 * tar shaped like kheaders: folders of small headers, an autoconf.h, the version headers) and
 * encode its tree, as an open does after the decode. Every open runs in a fresh worker, so without
 * this the tar reader, buildTree, the autoconf.h reading and encodeTree all ran for the first time
 * inside the open, in V8's interpreter, while their loops waited to be compiled: in a CPU profile of
 * one open in Chromium they took ~300 ms of the worker thread, against ~30 ms in a warm Node process.
 */
import { inspect } from '../core/inspect';
import { bytesSource } from '../core/source';
import { writeTar, type TarWriteEntry } from '../core/tar-write';
import { encodeTree } from '../core/tree-wire';

/** Folders × headers per folder: enough calls for V8 to compile the hot functions. */
const FOLDERS = 40;
const FILES = 50;
const OPTIONS = 2000;

const enc = new TextEncoder();

// Paths as GNU tar writes kheaders.tar.xz ("./include/linux/…"): the tar reader's path
// normalisation then warms the branch the real archive takes.
function file(path: string, text: string): TarWriteEntry {
  const data = enc.encode(text);
  return { path: `./${path}`, type: 'file', data, size: data.length, mode: 0o644, mtime: 1_700_000_000 };
}

const dir = (path: string): TarWriteEntry => ({
  path: path === './' ? path : `./${path}`,
  type: 'dir',
  size: 0,
  mode: 0o755,
  mtime: 1_700_000_000,
});

function autoconf(): string {
  const lines = ['#define CONFIG_WARM_STRING "warm"', '#define CONFIG_WARM_HEX 0x1000'];
  for (let i = 0; i < OPTIONS; i++)
    lines.push(i % 3 === 0 ? `#define CONFIG_WARM_${i}_MODULE 1` : `#define CONFIG_WARM_${i} 1`);
  return lines.join('\n') + '\n';
}

/** The made-up archive, in tar order (folders before what they hold). */
export function warmArchive(): Uint8Array {
  const entries: TarWriteEntry[] = [dir('./'), dir('include/'), dir('include/generated/')];
  entries.push(file('include/generated/autoconf.h', autoconf()));
  entries.push(file('include/generated/utsrelease.h', '#define UTS_RELEASE "0.0.0-warm"\n'));
  entries.push(dir('arch/'), dir('arch/warm/'), dir('arch/warm/include/'));
  for (let d = 0; d < FOLDERS; d++) {
    const folder = d % 8 === 0 ? `arch/warm/include/w${d}` : `include/w${d}`;
    entries.push(dir(`${folder}/`));
    for (let f = 0; f < FILES; f++) entries.push(file(`${folder}/header-${f}.h`, `/* ${folder} ${f} */\n`));
  }
  entries.push({
    path: './include/w1/link.h',
    type: 'symlink',
    size: 0,
    mode: 0o777,
    mtime: 0,
    linkTarget: 'header-0.h',
  });
  return writeTar(entries);
}

/** Open the made-up archive and encode its tree; resolves to the number of tree nodes encoded. */
export async function warmOpen(): Promise<number> {
  const ins = await inspect(bytesSource(warmArchive(), 'warm-up.tar'));
  return ins.tree ? encodeTree(ins.tree).nums.length / 10 : 0;
}
