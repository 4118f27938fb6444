/**
 * The little of PE/COFF that kernel images need: the EFI stub's machine type (x86 bzImage, arm64 and
 * RISC-V Image, zboot all carry "MZ" and a PE header) and the Authenticode certificate table that
 * distributions append when they sign a kernel for Secure Boot.
 */
import { bytesAt, u16le, u32le } from '../../bytes';

interface PeInfo {
  /** File offset of "PE\0\0". */
  offset: number;
  machine: number;
  machineName: string;
  /** Kernel architecture name for KernelFacts.arch, or null when unknown. */
  arch: string | null;
  /** Authenticode certificate table (file offset and size), when present. */
  certOffset: number;
  certSize: number;
}

const MACHINES: Record<number, [string, string]> = {
  0x014c: ['i386', 'x86'],
  0x8664: ['x86-64', 'x86'],
  0x01c2: ['ARM Thumb', 'arm'],
  0xaa64: ['AArch64', 'arm64'],
  0x5032: ['RISC-V 32', 'riscv'],
  0x5064: ['RISC-V 64', 'riscv'],
  0x6264: ['LoongArch64', 'loongarch'],
};

const PE_SIG = new Uint8Array([0x50, 0x45, 0, 0]);

/** Read the PE header that the DOS header at buf[0] points to (via 0x3C); null when there is none. */
export function readPe(buf: Uint8Array): PeInfo | null {
  if (buf.length < 0x40 || buf[0] !== 0x4d || buf[1] !== 0x5a) return null;
  const off = u32le(buf, 0x3c);
  if (off < 0x40 || off + 24 > buf.length || !bytesAt(buf, off, PE_SIG)) return null;
  const machine = u16le(buf, off + 4);
  const optSize = u16le(buf, off + 20);
  const opt = off + 24;
  const known = MACHINES[machine];
  const info: PeInfo = {
    offset: off,
    machine,
    machineName: known ? known[0] : `PE machine 0x${machine.toString(16)}`,
    arch: known ? known[1] : null,
    certOffset: 0,
    certSize: 0,
  };
  if (optSize < 2 || opt + optSize > buf.length) return info;
  const magic = u16le(buf, opt);
  const dd = magic === 0x20b ? 112 : magic === 0x10b ? 96 : -1;
  if (dd < 0 || dd + 5 * 8 > optSize) return info;
  const count = u32le(buf, opt + dd - 4);
  if (count <= 4) return info;
  info.certOffset = u32le(buf, opt + dd + 32);
  info.certSize = u32le(buf, opt + dd + 36);
  return info;
}
