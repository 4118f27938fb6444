// Builds the bundled demo: public/samples/sample-kernel.bin (+ sample.json).
//
// Source: the Linux UAPI headers from Debian's linux-libc-dev package as installed on this machine
// (/usr/include/linux, /usr/include/asm-generic, /usr/include/x86_64-linux-gnu/asm), licensed
// GPL-2.0 WITH Linux-syscall-note (see /usr/share/doc/linux-libc-dev/copyright).
//
// Layout, the way a 2019-era kernel with CONFIG_IKHEADERS and CONFIG_IKCONFIG would carry them:
//   bzImage (setup header) → xz payload (--x86 BCJ, CRC32, dict 32 MiB, + le32 size, as xz_wrap.sh)
//     → fake vmlinux bytes: banner, "IKCFG_ST" gzip(.config) "IKCFG_ED", "IKHD_ST" tar.xz "IKHD_ED"
//       → tar made with gen_kheaders.sh's tar line, comments stripped as gen_kheaders.sh does.
// The output is committed; rerun this script only to refresh it (it needs tar, xz, gzip, perl).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bzImage, kheadersTar, run, seededBytes, sha256, stripComments, xzKernelX86 } from './lib/kbuild.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'samples');
const out = join(outDir, 'sample-kernel.bin');

if (existsSync(out) && !process.argv.includes('--force')) {
  console.log(`sample exists: ${out} (use --force to rebuild)`);
  process.exit(0);
}
const src = {
  linux: '/usr/include/linux',
  generic: '/usr/include/asm-generic',
  asm: '/usr/include/x86_64-linux-gnu/asm',
};
for (const p of Object.values(src)) {
  if (!existsSync(p)) {
    console.error(`make-sample: ${p} is missing; install Debian's linux-libc-dev to rebuild the sample.`);
    process.exit(1);
  }
}
const versionH = readFileSync('/usr/include/linux/version.h', 'latin1');
const num = (k) => Number((versionH.match(new RegExp(`LINUX_VERSION_${k}\\s+(\\d+)`)) ?? [])[1] ?? 0);
const release = `${num('MAJOR')}.${num('PATCHLEVEL')}.${num('SUBLEVEL')}-khi-sample`;

const tmp = mkdtempSync(join(tmpdir(), 'khi-sample-'));
try {
  const tree = join(tmp, 'tree');
  cpSync(src.linux, join(tree, 'include/uapi/linux'), { recursive: true });
  cpSync(src.generic, join(tree, 'include/uapi/asm-generic'), { recursive: true });
  cpSync(src.asm, join(tree, 'arch/x86/include/uapi/asm'), { recursive: true });
  const config = sampleConfig(release);
  const gen = join(tree, 'include/generated');
  mkdirSync(join(gen, 'uapi/linux'), { recursive: true });
  writeFileSync(join(gen, 'uapi/linux/version.h'), versionH);
  writeFileSync(join(gen, 'utsrelease.h'), `#define UTS_RELEASE "${release}"\n`);
  writeFileSync(join(gen, 'autoconf.h'), autoconf(config));
  stripComments(tree);
  const tar = kheadersTar(tree);
  const tarXz = run('xz', ['-c'], tar); // gen_kheaders.sh: tar -I $XZ (plain xz defaults, CRC64)
  const configGz = run('gzip', ['-n', '-9', '-c'], Buffer.from(config));

  const banner = `Linux version ${release} (khi@sample) (gcc (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC\n\0`;
  const vmlinux = Buffer.concat([
    Buffer.from('KHI sample: stand-in for a decompressed vmlinux\0', 'latin1'),
    seededBytes(8192, 7),
    Buffer.from(banner, 'latin1'),
    seededBytes(4096, 8),
    Buffer.from('IKCFG_ST', 'latin1'),
    configGz,
    Buffer.from('IKCFG_ED', 'latin1'),
    seededBytes(4096, 9),
    Buffer.from('IKHD_ST', 'latin1'),
    tarXz,
    Buffer.from('IKHD_ED', 'latin1'),
    seededBytes(4096, 10),
  ]);
  const image = bzImage(xzKernelX86(vmlinux), { version: `${release} (khi@sample) #1 SMP PREEMPT_DYNAMIC` });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(out, image);
  writeFileSync(
    join(outDir, 'sample.json'),
    JSON.stringify(
      {
        name: 'sample-kernel.bin',
        description: `A stand-in x86 bzImage with an xz (x86 BCJ) payload that carries IKCFG and IKHD blobs: ${tar.length.toLocaleString('en-US')} bytes of headers tar, ${config.split('\n').filter((l) => l.startsWith('CONFIG_')).length} config options.`,
        source: `Debian linux-libc-dev ${release.replace('-khi-sample', '')} UAPI headers (include/uapi/linux, include/uapi/asm-generic, arch/x86/include/uapi/asm), made by scripts/make-sample.mjs`,
        license: 'GPL-2.0 WITH Linux-syscall-note',
        sha256: sha256(image),
        size: image.length,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(
    `wrote ${out}: ${image.length} bytes (tar ${tar.length}, tar.xz ${tarXz.length}, config.gz ${configGz.length})`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function sampleConfig(rel) {
  const y = [
    '64BIT',
    'X86_64',
    'X86',
    'MMU',
    'SMP',
    'PREEMPT_DYNAMIC',
    'PRINTK',
    'BUG',
    'ELF_CORE',
    'FUTEX',
    'EPOLL',
    'SIGNALFD',
    'TIMERFD',
    'EVENTFD',
    'SHMEM',
    'AIO',
    'IO_URING',
    'ADVISE_SYSCALLS',
    'MEMBARRIER',
    'KALLSYMS',
    'BPF',
    'BPF_SYSCALL',
    'BPF_JIT',
    'BPF_EVENTS',
    'DEBUG_INFO_BTF',
    'IKCONFIG',
    'IKCONFIG_PROC',
    'KPROBES',
    'UPROBES',
    'FTRACE',
    'FUNCTION_TRACER',
    'DYNAMIC_FTRACE',
    'PERF_EVENTS',
    'CGROUPS',
    'CGROUP_BPF',
    'NAMESPACES',
    'NET',
    'INET',
    'IPV6',
    'NETFILTER',
    'PROC_FS',
    'SYSFS',
    'TMPFS',
    'DEVTMPFS',
    'EXT4_FS',
    'BLOCK',
    'MODULES',
    'MODULE_UNLOAD',
    'KERNEL_XZ',
    'RD_XZ',
    'XZ_DEC',
    'XZ_DEC_X86',
    'CRC32',
    'CRYPTO',
    'SECURITY',
    'PCI',
    'ACPI',
    'SERIAL_8250',
    'SERIAL_8250_CONSOLE',
    'TTY',
    'VT',
    'INPUT',
    'HID',
    'USB_SUPPORT',
    'VIRTIO',
    'VIRTIO_PCI',
  ];
  const m = ['IKHEADERS', 'KVM', 'KVM_INTEL', 'KVM_AMD', 'VIRTIO_NET', 'VIRTIO_BLK', 'TUN', 'BRIDGE', 'VETH'];
  const off = ['EXPERT', 'EMBEDDED', 'DEBUG_KERNEL', 'KASAN', 'UBSAN', 'GCOV_KERNEL', 'SWAP'];
  const lines = [
    '#',
    '# Automatically generated file; DO NOT EDIT.',
    `# Linux/x86 ${rel} Kernel Configuration`,
    '#',
    'CONFIG_CC_VERSION_TEXT="gcc (Debian 12.2.0-14) 12.2.0"',
    'CONFIG_CC_IS_GCC=y',
    'CONFIG_GCC_VERSION=120200',
    `CONFIG_LOCALVERSION="-khi-sample"`,
    'CONFIG_NR_CPUS=64',
    'CONFIG_HZ=250',
    'CONFIG_LOG_BUF_SHIFT=17',
    'CONFIG_DEFAULT_HOSTNAME="(none)"',
    ...y.map((k) => `CONFIG_${k}=y`),
    ...m.map((k) => `CONFIG_${k}=m`),
    ...off.map((k) => `# CONFIG_${k} is not set`),
  ];
  return lines.join('\n') + '\n';
}

function autoconf(config) {
  const out = ['#define AUTOCONF_INCLUDED'];
  for (const line of config.split('\n')) {
    const m = /^CONFIG_(\w+)=(.*)$/.exec(line);
    if (!m) continue;
    const [, k, v] = m;
    if (v === 'y') out.push(`#define CONFIG_${k} 1`);
    else if (v === 'm') out.push(`#define CONFIG_${k}_MODULE 1`);
    else out.push(`#define CONFIG_${k} ${v}`);
  }
  return out.join('\n') + '\n';
}
