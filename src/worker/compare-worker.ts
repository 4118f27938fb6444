/**
 * The worker's half of comparing: it keeps the second Inspection beside the first (which
 * worker.ts owns), hashes both archives' files once, and answers tree diffs and line diffs, so
 * the page stays responsive while a large header is diffed.
 */
import { compareResults, hashEntries } from '../core/compare/compare';
import { diffRows } from '../core/compare/diff-rows';
import { diffLines, hunks, splitLines } from '../core/compare/line-diff';
import { toKhiError } from '../core/errors';
import { inspect, type Inspection } from '../core/inspect';
import { blobSource, bytesSource } from '../core/source';
import type { CompareFromWorker, CompareToWorker, LineDiffReply } from './compare-protocol';
import type { FromWorker } from './protocol';
import { StageMarks } from './stage-marks';

type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

let other: Inspection | null = null;
const hashes = new WeakMap<Inspection, (string | null)[]>();

function hashesOf(ins: Inspection): (string | null)[] {
  let h = hashes.get(ins);
  if (!h) hashes.set(ins, (h = hashEntries(ins.result.entries, ins.tar)));
  return h;
}

const noArchive = {
  code: 'usage',
  message: 'Open an archive first, then compare.',
  severity: 'error',
} as const;

async function open(msg: Extract<CompareToWorker, { type: 'compare-open' }>, post: Post, first: Inspection) {
  const source = 'file' in msg ? blobSource(msg.file, msg.name) : bytesSource(msg.bytes, msg.name);
  other = null;
  const marks = new StageMarks();
  marks.mark('compare-open');
  const ins = await inspect(source);
  marks.mark('compare-decoded');
  const t = performance.now();
  const a = { result: first.result, hashes: hashesOf(first) };
  const b = { result: ins.result, hashes: hashesOf(ins) };
  marks.mark('compare-hashed');
  const comparison = compareResults(a, b);
  marks.mark('compare-diffed');
  other = ins;
  // The entries stay here (as for the first archive): the page needs only the summary fields.
  const { entries, ...otherResult } = ins.result;
  void entries;
  const reply: CompareFromWorker = {
    type: 'compared',
    id: msg.id,
    other: otherResult,
    comparison,
    ms: performance.now() - t,
    marks: marks.marks,
  };
  post(reply);
}

const utf8 = new TextDecoder();
const hasNul = (b: Uint8Array | null): boolean => b !== null && b.indexOf(0) >= 0;

function lines(id: number, path: string, context: number, post: Post, first: Inspection): void {
  const t = performance.now();
  const ba = first.read(path);
  const bb = other?.read(path) ?? null;
  const binary = hasNul(ba) || hasNul(bb);
  const la = splitLines(binary || !ba ? new Uint8Array(0) : ba);
  const lb = splitLines(binary || !bb ? new Uint8Array(0) : bb);
  const list = binary ? [] : hunks(diffLines(la, lb), la.count, lb.count, context);
  const rows = diffRows(list);
  const diff: LineDiffReply = {
    path,
    a: ba && !binary ? utf8.decode(ba) : null,
    b: bb && !binary ? utf8.decode(bb) : null,
    binary,
    hunks: list,
    rows,
    ms: performance.now() - t,
  };
  post({ type: 'line-diff', id, diff }, [rows.kind.buffer, rows.a.buffer, rows.b.buffer]);
}

export function isCompareMessage(msg: { type: string }): msg is CompareToWorker {
  return msg.type.startsWith('compare-');
}

/** Handle one compare message; `first` is the archive worker.ts holds (null when none). */
export function handleCompare(msg: CompareToWorker, post: Post, first: Inspection | null): void {
  const fail = (e: unknown): void => post({ type: 'error', id: msg.id, error: toKhiError(e) });
  if (msg.type === 'compare-close') {
    other = null;
    post({ type: 'compare-closed', id: msg.id });
    return;
  }
  if (!first) return post({ type: 'error', id: msg.id, error: noArchive });
  try {
    if (msg.type === 'compare-open') open(msg, post, first).catch(fail);
    else lines(msg.id, msg.path, msg.context, post, first);
  } catch (e) {
    fail(e);
  }
}
