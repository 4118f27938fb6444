/**
 * Where the opener is: the bytes being looked at, where they lie in the file, how deep, which layer
 * finds attach to, and the open they belong to. Every step takes one cursor.
 */
import type { KhiError } from '../errors';
import type { TarPrefixWalk } from '../tar-walk';
import type { Layer } from '../types';
import type { OpenRun } from './run';

export type Range = [number, number];

export interface Cursor {
  readonly bytes: Uint8Array;
  /** File offset of bytes[0], or null inside decoded data. */
  readonly fileBase: number | null;
  /** Nesting depth (the input file is 0). */
  readonly depth: number;
  /** The layer these bytes belong to: what is found here is attached to it. */
  readonly parent: Layer;
  /** Human path of the layer for error messages: "vmlinuz › bzImage › xz". */
  readonly trail: string;
  /** Ranges of `bytes` already opened (containers' regions, marker blobs, accepted streams). */
  readonly claimed: Range[];
  readonly run: OpenRun;
  /**
   * Open bytes one level down: `explore` (explore.ts), handed in by whoever makes the first cursor,
   * so the steps that decode or cut out bytes need not import the walk that calls them.
   */
  readonly descend: (cur: Cursor) => Promise<void>;
  /** Decoded bytes only: the tar walk that went over them while they decoded (tar-walk.ts). */
  readonly tarWalk?: TarPrefixWalk;
}

/** The input file itself. */
export const fileCursor = (
  bytes: Uint8Array,
  root: Layer,
  run: OpenRun,
  descend: Cursor['descend'],
): Cursor => ({
  bytes,
  fileBase: 0,
  depth: 0,
  parent: root,
  trail: root.label,
  claimed: [],
  run,
  descend,
});

/** One level down: bytes inside `cur` (a region, a marker blob or a decoded output). */
export const inside = (
  cur: Cursor,
  at: Pick<Cursor, 'bytes' | 'fileBase' | 'parent' | 'trail' | 'tarWalk'>,
): Cursor => ({
  ...at,
  depth: cur.depth + 1,
  claimed: [],
  run: cur.run,
  descend: cur.descend,
});

export const fileOffsetOf = (cur: Cursor, at: number): number | undefined =>
  cur.fileBase === null ? undefined : cur.fileBase + at;

export const isClaimed = (cur: Cursor, at: number): boolean =>
  cur.claimed.some(([a, b]) => at >= a && at < b);

/** An error found at `trail`, its offset moved by `base` into the parent's bytes. */
export function withLayer(e: KhiError, trail: string, base = 0): KhiError {
  return { ...e, layer: trail, offset: e.offset === undefined ? undefined : e.offset + base };
}
