/**
 * The format registry: the ONLY place that lists what the core can open.
 * Adding a format = one new folder plus one line here (see README.md in this folder).
 *
 * Every entry goes through the one guard (`kit/guard.ts`): the lists below hold `GuardedCodec` and
 * `GuardedContainer`, which only `guardCodec`/`guardContainer` make, so no format can opt out of
 * the exception guard, the output cap and budget, or cancellation as data.
 */
import { arm64Image, riscvImage } from './arm-image/arm-image';
import { androidBoot, vendorBoot } from './bootimg/bootimg';
import { bzImage } from './bzimage/bzimage';
import { bzip2 } from './bzip2/bzip2';
import type { Codec, Container, GuardedCodec, GuardedContainer } from './contract';
import { guardCodec, guardContainer } from './kit/guard';
import { elf } from './elf/elf';
import { gzip } from './gzip/gzip';
import { lz4Legacy } from './lz4-legacy/lz4-legacy';
import { lzma } from './lzma/lzma';
import { lzo } from './lzop/lzop';
import { markers } from './markers/markers';
import { uImage } from './uimage/uimage';
import { xz } from './xz';
import { zboot } from './zboot/zboot';
import { zImage } from './zimage/zimage';
import { zstd } from './zstd/zstd';

/** Codecs, in the order the scanner reports ties. */
const codecList = [xz, gzip, zstd, lz4Legacy, lzma, bzip2, lzo] as const;

/** The id of a registered codec (markers, containers' regions and layers name codecs by it). */
export type CodecId = (typeof codecList)[number]['id'];

export const codecs: readonly GuardedCodec[] = codecList.map(guardCodec);

/**
 * Containers, tried at offset 0 of a layer, most specific first: zboot ("MZ" + "zimg") before
 * anything else that starts with "MZ" (bzImage and arm64/RISC-V Images with an EFI stub); the zImage
 * magic at 0x24 is the weakest signature, so it goes last.
 */
export const containers: readonly GuardedContainer[] = [
  zboot,
  androidBoot,
  vendorBoot,
  uImage,
  bzImage,
  elf,
  arm64Image,
  riscvImage,
  zImage,
].map(guardContainer);

export type { Codec, Container, GuardedCodec, GuardedContainer };

const byId = new Map<CodecId, GuardedCodec>(codecs.map((c) => [c.id, c]));
export const codecById = (id: CodecId): GuardedCodec | undefined => byId.get(id);

/** The marker-delimited blobs the opener looks for (IKCFG, IKHD). */
export { markers };

/** "What was looked for", for the not-found message and help texts: derived from the lists above. */
export function lookedFor(): string {
  const list = (names: string[]): string => names.join(', ');
  return (
    `kernel image containers (${list(containers.map((c) => c.name))}), ` +
    `the markers ${list(markers.map((m) => m.name))}, ` +
    'the kernel_headers_data/kernel_config_data symbols, ' +
    `and ${list(codecs.map((c) => c.name))} streams`
  );
}
