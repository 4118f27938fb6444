/**
 * Names for downloads. Their parts come from the input (a file name from a link, folder names inside
 * the archive), so only letters, digits and `._+@-` are kept: a bidi override could make the browser's
 * download bar show "evil.exe" for a name ending in ".tar", and a control or path character has no
 * place in a file name. Runs of anything else become one `_`.
 */
export function downloadName(text: string): string {
  const safe = text.replace(/[^\p{L}\p{M}\p{N}._+@-]+/gu, '_').replace(/^[.]+/, '_');
  return safe.slice(0, 200) || 'download';
}

/** File extensions by layer format, for a layer saved as it is stored. */
const EXT: Readonly<Record<string, string>> = {
  xz: 'xz',
  gzip: 'gz',
  zstd: 'zst',
  lz4: 'lz4',
  bzip2: 'bz2',
  lzma: 'lzma',
  lzo: 'lzo',
  tar: 'tar',
  config: 'config',
  elf: 'elf',
};

/**
 * A saved layer: "<input>-<format>-<offset>.<ext>", or "…-decoded.<ext>" for a codec layer's output,
 * the extension then from what the output is (the layer found at its start: a tar, an ELF vmlinux …).
 */
export function layerDownloadName(
  input: string,
  layer: {
    format: string;
    offset: number;
    fileOffset?: number;
    children: { format: string; offset: number }[];
  },
  decoded: boolean,
): string {
  const at = `0x${(layer.fileOffset ?? layer.offset).toString(16)}`;
  const inner = decoded ? layer.children.find((c) => c.offset === 0) : undefined;
  const ext = (decoded ? inner && EXT[inner.format] : EXT[layer.format]) ?? 'bin';
  return downloadName(`${input}-${layer.format}-${at}${decoded ? '-decoded' : ''}.${ext}`);
}
