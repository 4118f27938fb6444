// A decoding worker that puts the first half of kheaders-small.tar (what kheaders-small.tar.xz
// decodes to) into the ring, then fails (src/node/extract-stream.test.ts; the ring is larger than
// the half, so it never waits for room; protocol: src/node/xz-worker-protocol.ts, the work arrives
// as the first message).
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const PRODUCED = 0;
const tar = readFileSync(new URL('../fixtures/tar/kheaders-small.tar', import.meta.url));
const half = Math.floor(tar.length / 2);
parentPort.once('message', (data) => {
  new Uint8Array(data.ring).set(tar.subarray(0, half));
  const cells = new BigInt64Array(data.cells);
  Atomics.store(cells, PRODUCED, BigInt(half));
  Atomics.notify(cells, PRODUCED);
  throw new Error('boom');
});
