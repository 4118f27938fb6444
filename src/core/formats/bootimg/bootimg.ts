/**
 * Android boot.img (v0–v4) and vendor_boot.img (v3, v4), after mkbootimg's include/bootimg/bootimg.h
 * and unpack_bootimg.py. Every section is page-aligned after a one-page header; header_version at
 * offset 40 picks the layout. v3/v4 boot images use a fixed 4096-byte page. vendor_boot has no
 * kernel, only ramdisks (v4: a table of named ramdisks) and a DTB.
 */
import { ascii, bytesAt, u32le, u64le } from '../../bytes';
import { khiError, type KhiError } from '../../errors';
import type { Container, ContainerHit, ContainerOpened, Region } from '../contract';
import { alignUp, clipRegion, headerGone, textField } from '../kit/container-kit';

const BOOT_MAGIC = ascii('ANDROID!');
const VENDOR_MAGIC = ascii('VNDRBOOT');
const RAMDISK_TYPES = ['none', 'platform', 'recovery', 'dlkm'];

interface Layout {
  label: string;
  fields: Record<string, string | number>;
  notes: string[];
  regions: Region[];
  errors: KhiError[];
  /** End of sections that are not regions (boot signature, ramdisk table, bootconfig). */
  end?: number;
}

const pages = (size: number, page: number): number => Math.ceil(size / page);
const validPage = (p: number): boolean => p >= 512 && p <= 1 << 20 && (p & (p - 1)) === 0;

function section(
  regions: Region[],
  label: string,
  offset: number,
  length: number,
  fields?: Record<string, string | number>,
): void {
  if (length <= 0) return;
  const r: Region = { offset, length, label, foundBy: 'header-field' };
  if (fields) r.fields = fields;
  regions.push(r);
}

/** os_version: A.B.C in bits 31..11 (7 bits each), patch level year-2000 and month in 10..0. */
function osVersion(fields: Record<string, string | number>, v: number): void {
  if (v === 0) return;
  const ver = v >>> 11;
  const lvl = v & 0x7ff;
  fields['os version'] = `${ver >>> 14}.${(ver >>> 7) & 0x7f}.${ver & 0x7f}`;
  fields['security patch'] = `${(lvl >>> 4) + 2000}-${String(lvl & 0xf).padStart(2, '0')}`;
}

/** A layout with no regions yet: what every layout starts from. */
const newLayout = (label: string, fields: Record<string, string | number>): Layout => ({
  label,
  fields,
  notes: [],
  regions: [],
  errors: [],
});

/** Boot image v3/v4: a fixed 4096-byte page, kernel and ramdisk, and (v4) the boot signature. */
function bootV3V4(buf: Uint8Array, hv: number, l: Layout): Layout {
  const { fields, regions } = l;
  const page = 4096;
  const kernel = u32le(buf, 8);
  const ramdisk = u32le(buf, 12);
  Object.assign(fields, { page_size: page, kernel_size: kernel, ramdisk_size: ramdisk });
  osVersion(fields, u32le(buf, 16));
  fields['cmdline'] = textField(buf, 44, 1536, 120);
  section(regions, 'kernel', page, kernel);
  section(regions, 'ramdisk', page * (1 + pages(kernel, page)), ramdisk);
  if (hv === 4 && buf.length >= 1584) {
    const sig = u32le(buf, 1580);
    fields['boot signature size'] = sig;
    const at = page * (1 + pages(kernel, page) + pages(ramdisk, page));
    if (sig > 0) fields['boot signature at'] = at;
    l.end = at + sig;
  }
  return l;
}

/**
 * Boot image v0–v2: kernel, ramdisk, second stage, then (v1+) the recovery DTBO and (v2) the DTB.
 * A header_version above 4 is an old vendor image's dt_size, read as v0.
 */
function bootV0to2(buf: Uint8Array, hv: number, l: Layout): Layout {
  const { fields, notes, regions } = l;
  const [kernel, ramdisk, second, page] = [u32le(buf, 8), u32le(buf, 16), u32le(buf, 24), u32le(buf, 36)];
  Object.assign(fields, { page_size: page, kernel_size: kernel, ramdisk_size: ramdisk, second_size: second });
  const version = hv > 4 ? 0 : hv;
  if (hv > 4)
    notes.push(`header_version is ${hv}: older vendor images keep dt_size in this slot; read as version 0.`);
  if (buf.length >= 48) osVersion(fields, u32le(buf, 44));
  fields['name'] = textField(buf, 48, 16);
  fields['cmdline'] = textField(buf, 64, 512, 120);
  if (!validPage(page)) {
    const msg = `The boot image page size ${page} is not a power of two between 512 and 1 MiB.`;
    l.errors.push(khiError('corrupt', msg, 36));
    return l;
  }
  const pk = pages(kernel, page);
  const pr = pages(ramdisk, page);
  const ps = pages(second, page);
  section(regions, 'kernel', page, kernel);
  section(regions, 'ramdisk', page * (1 + pk), ramdisk);
  section(regions, 'second stage', page * (1 + pk + pr), second);
  let prd = 0;
  if (version >= 1 && buf.length >= 1648) {
    const rdSize = u32le(buf, 1632);
    const rdOff = u64le(buf, 1636);
    fields['recovery_dtbo_size'] = rdSize;
    prd = pages(rdSize, page);
    const expected = page * (1 + pk + pr + ps);
    if (rdSize > 0 && rdOff !== expected)
      notes.push(`recovery_dtbo_offset is ${rdOff}; the page layout puts it at ${expected}.`);
    if (rdSize > 0) section(regions, 'recovery DTBO', rdOff, rdSize);
  }
  if (version === 2 && buf.length >= 1652) {
    const dtb = u32le(buf, 1648);
    fields['dtb_size'] = dtb;
    section(regions, 'device tree (DTB)', page * (1 + pk + pr + ps + prd), dtb);
  }
  if (hv > 4 && hv < buf.length) section(regions, 'device tree (dt_size)', page * (1 + pk + pr + ps), hv);
  l.label = `Android boot image v${version} (page ${page})`;
  return l;
}

function bootLayout(buf: Uint8Array): Layout | null {
  if (buf.length < 44 || !bytesAt(buf, 0, BOOT_MAGIC)) return null;
  const hv = u32le(buf, 40);
  const l = newLayout(`Android boot image v${hv}`, { header_version: hv });
  return hv === 3 || hv === 4 ? bootV3V4(buf, hv, l) : bootV0to2(buf, hv, l);
}

/** The v4 vendor ramdisk table: one region per named ramdisk (an error when the table is implausible). */
function ramdiskTable(buf: Uint8Array, l: Layout, table: number, base: number, ramdiskTotal: number): void {
  const [tableSize, count, entrySize] = [u32le(buf, 2112), u32le(buf, 2116), u32le(buf, 2120)];
  if (entrySize < 44 || count * entrySize > tableSize || count > 4096) {
    const msg = `The vendor ramdisk table is implausible (${count} entries of ${entrySize} bytes in ${tableSize}).`;
    l.errors.push(khiError('corrupt', msg, 2116));
    return;
  }
  for (let i = 0; i < count; i++) {
    const e = table + i * entrySize;
    if (e + 44 > buf.length) {
      l.errors.push(
        khiError('truncated', `Vendor ramdisk table entry ${i} lies past the end of the file.`, e),
      );
      return;
    }
    const size = u32le(buf, e);
    const off = u32le(buf, e + 4);
    const type = u32le(buf, e + 8);
    const name = textField(buf, e + 12, 32) || `#${i}`;
    if (off + size > ramdiskTotal) l.notes.push(`Ramdisk "${name}" runs past the vendor ramdisk section.`);
    section(l.regions, `vendor ramdisk "${name}"`, base + off, size, {
      type: RAMDISK_TYPES[type] ?? `type ${type}`,
    });
  }
}

/** vendor_boot's header_size, or the version's minimum when the stored one is implausible. */
function vendorHeaderSize(buf: Uint8Array, hv: number, page: number, notes: string[]): number {
  const headerSize = u32le(buf, 2096);
  const minHeader = hv === 4 ? 2128 : 2112;
  if (headerSize >= minHeader && headerSize <= 16 * page) return headerSize;
  notes.push(`header_size ${headerSize} is implausible; using ${minHeader}.`);
  return minHeader;
}

function vendorLayout(buf: Uint8Array): Layout | null {
  if (buf.length < 16 || !bytesAt(buf, 0, VENDOR_MAGIC)) return null;
  const hv = u32le(buf, 8);
  const page = u32le(buf, 12);
  const l = newLayout(`Android vendor_boot image v${hv}`, { header_version: hv, page_size: page });
  const { fields, notes, errors, regions } = l;
  if (buf.length < 2112) {
    const msg = `The vendor_boot header needs 2112 bytes; the file has ${buf.length}.`;
    errors.push(khiError('truncated', msg, buf.length));
    return l;
  }
  if (hv !== 3 && hv !== 4) notes.push(`Unknown vendor_boot header_version ${hv}; read with the v3 layout.`);
  const ramdiskTotal = u32le(buf, 24);
  const dtb = u32le(buf, 2100);
  Object.assign(fields, {
    'vendor ramdisk size': ramdiskTotal,
    dtb_size: dtb,
    header_size: u32le(buf, 2096),
  });
  fields['cmdline'] = textField(buf, 28, 2048, 120);
  fields['name'] = textField(buf, 2080, 16);
  if (!validPage(page)) {
    const msg = `The vendor_boot page size ${page} is not a power of two between 512 and 1 MiB.`;
    errors.push(khiError('corrupt', msg, 12));
    return l;
  }
  const ph = pages(vendorHeaderSize(buf, hv, page, notes), page);
  const pvr = pages(ramdiskTotal, page);
  const pd = pages(dtb, page);
  l.end = 0;
  if (hv === 4 && buf.length >= 2128) {
    const bootconfig = u32le(buf, 2124);
    Object.assign(fields, { 'ramdisk table entries': u32le(buf, 2116), 'bootconfig size': bootconfig });
    l.end = page * (ph + pvr + pd + pages(u32le(buf, 2112), page)) + bootconfig;
    ramdiskTable(buf, l, page * (ph + pvr + pd), page * ph, ramdiskTotal);
  } else {
    section(regions, 'vendor ramdisk', page * ph, ramdiskTotal);
  }
  section(regions, 'device tree (DTB)', page * (ph + pvr), dtb);
  return l;
}

function makeContainer(id: string, name: string, layout: (buf: Uint8Array) => Layout | null): Container {
  return {
    id,
    name,
    probe(buf: Uint8Array): ContainerHit | null {
      const l = layout(buf);
      if (!l) return null;
      const ends = l.regions.map((r) => r.offset + (r.length ?? 0));
      if (l.end) ends.push(l.end);
      const page = Number(l.fields['page_size']) || 1;
      const length = ends.length ? alignUp(Math.max(...ends), page) : null;
      return { label: l.label, length, fields: l.fields, notes: l.notes };
    },
    open(buf: Uint8Array): ContainerOpened {
      const l = layout(buf);
      if (!l) return headerGone(name);
      const errors = [...l.errors];
      const regions: Region[] = [];
      for (const r of l.regions) {
        const c = clipRegion(r, buf.length, errors);
        if (c) regions.push(c);
      }
      return { regions, errors, scanRest: false };
    },
  };
}

export const androidBoot: Container = makeContainer('android-boot', 'Android boot image', bootLayout);
export const vendorBoot: Container = makeContainer(
  'android-vendor-boot',
  'Android vendor_boot image',
  vendorLayout,
);
