/**
 * Step "tar/config": bytes that are a tar archive or a kernel .config are what the opener is looking
 * for. They end the descent: nothing inside them is opened.
 */
import { looksLikeTar, readTar } from '../tar';
import { type Cursor, withLayer } from './cursor';
import { newLayer } from './run';
import { formatInt } from '../format-size';

/** Add a tar or config layer when `cur.bytes` is one; true when it was (the caller stops here). */
export function openTerminal(cur: Cursor): boolean {
  if (looksLikeTar(cur.bytes)) {
    addTar(cur);
    return true;
  }
  // A config counts as the input file itself or as decoded data, not as raw bytes inside a container.
  if ((cur.depth === 0 || cur.fileBase === null) && looksLikeConfig(cur.bytes)) {
    addConfig(cur);
    return true;
  }
  return false;
}

function addTar({ bytes, parent, trail, run, tarWalk }: Cursor): void {
  run.progress({ stage: 'reading-tar', bytesDone: 0, bytesTotal: bytes.length });
  // Decoded bytes the tar walk went over while they decoded: it resumes (the same listing as readTar).
  const { entries, errors, end } = tarWalk ? tarWalk.finish(bytes) : readTar(bytes);
  const files = entries.filter((e) => e.type === 'file').length;
  const tl = newLayer(run, {
    format: 'tar',
    label: `tar archive (${formatInt(files)} files)`,
    offset: 0,
    length: end,
    foundBy: 'decoded',
    fields: { entries: entries.length },
    errors: errors.map((e) => withLayer(e, `${trail} › tar`)),
  });
  if (end < bytes.length && bytes.subarray(end).some((b) => b !== 0))
    tl.notes.push(`${bytes.length - end} bytes follow the end of the archive.`);
  parent.children.push(tl);
  run.tars.push({ layer: tl, bytes, entries, tree: tarWalk?.treeOf(entries) ?? null });
  run.progress({ stage: 'reading-tar', bytesDone: bytes.length, bytesTotal: bytes.length });
}

function addConfig({ bytes, parent, depth, run }: Cursor): void {
  const cl = newLayer(run, {
    format: 'config',
    label: 'kernel .config',
    offset: 0,
    length: bytes.length,
    foundBy: 'decoded',
  });
  parent.children.push(cl);
  run.configs.push({ layer: cl, text: new TextDecoder().decode(bytes), bytes, plain: depth === 0 });
}

const CONFIG_HEAD = '#\n# Automatically generated file; DO NOT EDIT.';

/** A kernel .config: the kconfig banner, or mostly text with CONFIG_ lines near the start. */
export function looksLikeConfig(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  if (head.startsWith(CONFIG_HEAD)) return true;
  if (!/(^|\n)(# )?CONFIG_[A-Z0-9_]+( is not set|=)/.test(head)) return false;
  let printable = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)) printable++;
  }
  return printable / n > 0.98;
}
