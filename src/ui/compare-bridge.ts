/** The compare calls to the worker, over the one bridge (bridge.ts). */
import type { Comparison } from '../core/compare/compare';
import { bridge, KhiRequestError, replayMarks, type OpenInput } from './bridge';
import type { LineDiffReply } from '../worker/compare-protocol';
import type { OpenedResult } from '../worker/protocol';

const badReply = (): KhiRequestError =>
  new KhiRequestError({ code: 'internal', message: 'bad reply', severity: 'error' });

export interface Compared {
  other: OpenedResult;
  comparison: Comparison;
  /** Time of the tree diff in the worker (hashing the second archive included). */
  ms: number;
}

/** Inspect a second artifact in the worker and compare it with the open one. */
export async function compareWith(input: OpenInput): Promise<Compared> {
  const msg =
    input instanceof Blob
      ? await bridge.call((id) => ({ type: 'compare-open', id, file: input, name: input.name }))
      : await bridge.call(
          (id) => ({ type: 'compare-open', id, bytes: input.bytes, name: input.name }),
          [input.bytes],
        );
  if (msg.type !== 'compared') throw badReply();
  performance.mark('khi:compare-received');
  replayMarks(msg.marks);
  return { other: msg.other, comparison: msg.comparison, ms: msg.ms };
}

/** The line diff of one path (computed in the worker). */
export async function lineDiff(path: string, context: number): Promise<LineDiffReply> {
  const msg = await bridge.call((id) => ({ type: 'compare-lines', id, path, context }));
  if (msg.type !== 'line-diff') throw badReply();
  performance.mark('khi:linediff-received', { detail: { workerMs: msg.diff.ms } });
  return msg.diff;
}

export async function closeCompare(): Promise<void> {
  await bridge.call((id) => ({ type: 'compare-close', id })).catch(() => undefined);
}
