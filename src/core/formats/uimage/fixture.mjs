/**
 * The uImage test fixtures, called by scripts/fixtures/containers.mjs (section 5) with the shared
 * blobs and helpers in `kit`: a gzip-compressed arm64 Image, and a multi-file image (kernel +
 * ramdisk). Returns [{ file, bytes, entry }]; the entry says what a correct parser must find.
 */
import { Buffer } from 'node:buffer';

const IH_ARCH_ARM64 = 22;

/** U-Boot legacy uImage header + data. */
function uImage(kit, data, { type, comp, arch, name }) {
  const h = Buffer.alloc(64);
  h.writeUInt32BE(0x27051956, 0);
  h.writeUInt32BE(1794787200, 8);
  h.writeUInt32BE(data.length, 12);
  h.writeUInt32BE(0x80080000, 16);
  h.writeUInt32BE(0x80080000, 20);
  h.writeUInt32BE(kit.crc32(data), 24);
  h[28] = 5; // IH_OS_LINUX
  h[29] = arch;
  h[30] = type;
  h[31] = comp;
  h.write(name, 32, 'latin1');
  h.writeUInt32BE(kit.crc32(h), 4); // computed with ih_hcrc = 0
  return Buffer.concat([h, data]);
}

export function fixtures(kit) {
  const { RELEASE, arm64Gz, initRamdisk, region, inner, be32 } = kit;
  const single = uImage(kit, arm64Gz, { type: 2, comp: 1, arch: IH_ARCH_ARM64, name: `Linux-${RELEASE}` });
  const multiKernel = Buffer.concat([arm64Gz, Buffer.alloc((4 - (arm64Gz.length % 4)) % 4)]);
  const multiData = Buffer.concat([
    be32(arm64Gz.length),
    be32(initRamdisk.length),
    be32(0),
    multiKernel,
    initRamdisk,
  ]);
  const multi = uImage(kit, multiData, { type: 4, comp: 1, arch: 2, name: 'khi multi' });
  return [
    {
      file: 'uImage-gzip.bin',
      bytes: single,
      entry: {
        container: 'uimage',
        fields: { name: `Linux-${RELEASE}`, os: 'Linux', arch: 'ARM64', type: 'kernel', compression: 'gzip' },
        regions: [region(64, arm64Gz.length, 'gzip', 'uImage data (kernel)')],
        facts: { arch: 'arm64' },
        scanRest: false,
        length: 64 + arm64Gz.length,
        ...inner('Image-arm64.bin', 'gzip'),
      },
    },
    {
      file: 'uImage-multi.bin',
      bytes: multi,
      entry: {
        container: 'uimage',
        fields: { type: 'multi', arch: 'ARM', compression: 'gzip' },
        regions: [
          region(64 + 12, arm64Gz.length, 'gzip', 'image 0 of 2'),
          region(64 + 12 + multiKernel.length, initRamdisk.length, undefined, 'image 1 of 2'),
        ],
        facts: { arch: 'arm' },
        scanRest: false,
        length: 64 + multiData.length,
        ...inner('Image-arm64.bin', 'gzip'),
      },
    },
  ];
}
