/**
 * The CLI's stdout: bytes go to fd 1 with fs.writeSync, so a run does not load the stream machinery
 * behind process.stdout (about 17 of Node's internal modules, compiled at start). A blocking fd
 * (a file, a terminal, a pipe from a shell) waits in fs.writeSync as `cat` would. A reader that went
 * away (EPIPE, `… | head`) ends the output quietly. When fd 1 is non-blocking and full (EAGAIN: a
 * parent process left O_NONBLOCK set on a shared pipe), this write's rest and every later one go
 * through process.stdout, which waits for the reader to drain it.
 */
import { fs } from './node-fs';

type ErrnoError = Error & { code?: string };

export function stdoutWriter(): (data: string | Uint8Array) => Promise<void> {
  let closed = false;
  let stream = false;
  const viaStream = (data: Uint8Array): Promise<void> => {
    if (!stream) {
      stream = true;
      process.stdout.on('error', (e: ErrnoError) => {
        if (e.code === 'EPIPE') closed = true;
        else throw e;
      });
    }
    return new Promise((resolve) => {
      if (closed) return resolve();
      process.stdout.write(data, () => resolve());
    });
  };
  return async (data) => {
    let bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (closed || bytes.length === 0) return;
    if (stream) return viaStream(bytes);
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(fs.writeSync(1, bytes));
      } catch (e) {
        const code = (e as ErrnoError).code;
        if (code === 'EPIPE') closed = true;
        else if (code === 'EAGAIN') return viaStream(bytes);
        else throw e;
        return;
      }
    }
  };
}
