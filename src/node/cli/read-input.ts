/**
 * A FILE's bytes. A regular file is read at once. "-" (standard input) and pipes — `/dev/stdin`,
 * a shell's `<(adb exec-out cat /sys/kernel/kheaders.tar.xz)`, a named FIFO — are read to their end,
 * at most `cap` bytes: a pipe has no size to check first, and `yes |` must not fill the memory.
 * Devices (`/dev/zero`), folders and sockets are refused.
 */
import { fs } from './node-fs';

/** Most bytes read from a pipe: larger than any kernel image or vmlinux with debug info seen. */
export const PIPE_CAP = 2 ** 31 - 1;

const CHUNK = 1 << 20;

export interface Input {
  bytes: Uint8Array;
  /** The name the core sees (layer labels): the file's, or "stdin" for "-". */
  name: string;
}

export function readInput(path: string, cap = PIPE_CAP): Input {
  if (path === '-') return { bytes: readPipe(0, '-', cap), name: 'stdin' };
  const st = fs.statSync(path);
  const name = path.split('/').pop() || path;
  if (st.isFile()) {
    const buf = fs.readFileSync(path);
    // A view, not a copy: copying touches every page of the file once more.
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), name };
  }
  if (!st.isFIFO()) throw new Error(`${path} is not a regular file or a pipe`);
  const fd = fs.openSync(path, 'r');
  try {
    return { bytes: readPipe(fd, path, cap), name };
  } finally {
    fs.closeSync(fd);
  }
}

/** Read `fd` to its end (at most `cap` bytes), waiting when a non-blocking pipe is empty. */
export function readPipe(fd: number, path: string, cap: number): Uint8Array {
  let buf = new Uint8Array(Math.min(CHUNK, cap + 1));
  let len = 0;
  for (;;) {
    if (len === buf.length) {
      if (len > cap) break;
      const next = new Uint8Array(Math.min(buf.length * 2, cap + 1));
      next.set(buf);
      buf = next;
    }
    let n: number;
    try {
      n = fs.readSync(fd, buf, len, buf.length - len, null);
    } catch (e) {
      // A parent left O_NONBLOCK on a shared pipe: wait a moment for the writer.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (n === 0) return buf.subarray(0, len);
    len += n;
  }
  throw new Error(
    `${path} holds more than ${cap.toLocaleString('en-US')} bytes; that is the most read from a pipe`,
  );
}
