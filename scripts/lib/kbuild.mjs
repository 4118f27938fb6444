// Helpers shared by the fixture and sample scripts: build things the way the kernel build does.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

/** Run a native tool with stdin → stdout bytes. */
export function run(cmd, args, input) {
  return execFileSync(cmd, args, { input, maxBuffer: 1 << 30 });
}

/** kbuild's size_append: the uncompressed size as 4 bytes little-endian. */
export function sizeLE32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** Deterministic pseudo-random bytes (xorshift32), so fixtures are reproducible. */
export function seededBytes(n, seed = 1) {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A seeded PRNG (mulberry32) returning floats in [0, 1): the fixture scripts' shared source of variety. */
export function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sha256 = (b) => createHash('sha256').update(b).digest('hex');

/** The tar command line of kernel/gen_kheaders.sh (v6.x), over a prepared directory. */
export function kheadersTar(dir, mtime = '@1700000000') {
  return run('tar', [
    `--mtime=${mtime}`,
    '--owner=0',
    '--group=0',
    '--sort=name',
    '--numeric-owner',
    '--mode=u=rw,go=r,a+X',
    '-cf',
    '-',
    '-C',
    dir,
    '.',
  ]);
}

/** gen_kheaders.sh strips every comment except SPDX lines before archiving. */
export function stripComments(dir) {
  execFileSync('sh', [
    '-c',
    `find "${dir}" -type f -name '*.h' -print0 | xargs -0 -r perl -pi -e 'BEGIN {undef $/;}; s/\\/\\*((?!SPDX).)*?\\*\\///smg;'`,
  ]);
}

/**
 * A minimal x86 bzImage (boot protocol 2.15): real-mode setup of (setup_sects+1)*512 bytes with the
 * header fields that locate the payload (Documentation/arch/x86/boot.rst), then protected-mode code,
 * then the compressed payload.
 */
export function bzImage(payload, { version = '6.1.0-fixture (khi@fixture) #1 SMP', setupSects = 1 } = {}) {
  const setup = Buffer.alloc((setupSects + 1) * 512);
  setup[0x1f1] = setupSects;
  setup.writeUInt16LE(0xaa55, 0x1fe);
  setup.write('HdrS', 0x202, 'latin1');
  setup.writeUInt16LE(0x020f, 0x206);
  const verAt = 0x300; // the version string lives in the setup code; kernel_version = offset - 0x200
  setup.write(version + '\0', verAt, 'latin1');
  setup.writeUInt16LE(verAt - 0x200, 0x20e);
  setup[0x211] = 0x01; // LOADED_HIGH
  const pmCode = Buffer.alloc(512, 0x90); // stand-in for the decompressor stub
  const payloadOffset = pmCode.length;
  setup.writeUInt32LE(payloadOffset, 0x248);
  setup.writeUInt32LE(payload.length, 0x24c);
  // arch/x86/boot/tools/build.c pads the protected-mode part to 16 bytes and records it in syssize.
  const pm = pmCode.length + payload.length;
  const pad = Buffer.alloc((16 - (pm % 16)) % 16);
  setup.writeUInt32LE((pm + pad.length) / 16, 0x1f4);
  return Buffer.concat([setup, pmCode, payload, pad]);
}

/** xz the way scripts/xz_wrap.sh does for x86 kernels, plus size_append. */
export function xzKernelX86(data) {
  return Buffer.concat([
    run('xz', ['--check=crc32', '--x86', '--lzma2=dict=32MiB', '-c'], data),
    sizeLE32(data.length),
  ]);
}
