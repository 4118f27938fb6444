/** Build a .tar of one folder (or the whole archive) from the kept tar bytes. DOM-free. */
import { planSafeExport, type SkippedEntry } from '../core/safe-paths';
import { notWritable, sharedFileData } from '../core/tar';
import { writeTar, type TarWriteEntry } from '../core/tar-write';
import type { TarEntry } from '../core/types';

/** Entries at or below `folder` ('' = everything), in archive order. */
export function entriesUnder(entries: readonly TarEntry[], folder: string): TarEntry[] {
  if (folder === '') return entries.filter((e) => e.path !== '');
  const prefix = folder + '/';
  return entries.filter((e) => e.path === folder || e.path.startsWith(prefix));
}

export interface ExportedTar {
  tar: Uint8Array;
  /** Entries left out because extracting them could write outside the folder (safe-paths.ts). */
  skipped: SkippedEntry[];
}

export function exportFolder(entries: readonly TarEntry[], tar: Uint8Array, folder: string): ExportedTar {
  const files: TarWriteEntry[] = [];
  const read = sharedFileData();
  const { keep, skipped } = planSafeExport(entriesUnder(entries, folder), folder);
  for (const e of keep) {
    // 'other' (devices, fifos) never occur in kheaders; a folder export skips them.
    if (e.type === 'other') continue;
    const why = notWritable(e, tar);
    if (why) {
      skipped.push({ path: e.path, reason: why });
      continue;
    }
    // A view into the kept tar (no per-file copies before the writer's single output buffer); a
    // sparse file is filled in (its holes as zeros), SPARSE_MAX bytes for all of them.
    const data = e.type === 'file' ? read(tar, e) : undefined;
    if (data === null) {
      skipped.push({ path: e.path, reason: 'a sparse file too large to fill in' });
      continue;
    }
    files.push({
      path: e.path,
      type: e.type,
      size: e.type === 'file' ? e.size : 0,
      mode: e.mode,
      mtime: e.mtime,
      uid: e.uid,
      gid: e.gid,
      linkTarget: e.linkTarget,
      data,
    });
  }
  const out = writeTar(files, (path, reason) => skipped.push({ path, reason }));
  return { tar: out, skipped };
}
