/**
 * Container formats, in the order they are tried at offset 0 of a layer: most specific first.
 * zboot ("MZ" + "zimg") before anything else that starts with "MZ" (bzImage and arm64/RISC-V
 * Images with an EFI stub); the zImage magic at 0x24 is the weakest signature, so it goes last.
 */
import { arm64Image, riscvImage } from './arm-image';
import { androidBoot, vendorBoot } from './bootimg';
import { bzImage } from './bzimage';
import type { Container } from './contract';
import { elf } from './elf';
import { uImage } from './uimage';
import { zboot } from './zboot';
import { zImage } from './zimage';

export const containers: Container[] = [
  zboot,
  androidBoot,
  vendorBoot,
  uImage,
  bzImage,
  elf,
  arm64Image,
  riscvImage,
  zImage,
];

export { arm64Image, riscvImage, androidBoot, vendorBoot, bzImage, elf, uImage, zboot, zImage };
