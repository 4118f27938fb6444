// A decoding worker that publishes the first half of kheaders-small.tar (what kheaders-small.tar.xz
// decodes to), then fails (src/node/extract-stream.test.ts).
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const tar = readFileSync(new URL('../fixtures/tar/kheaders-small.tar', import.meta.url));
const half = Math.floor(tar.length / 2);
new Uint8Array(workerData.output).set(tar.subarray(0, half));
const produced = new BigInt64Array(workerData.produced);
Atomics.store(produced, 0, BigInt(half));
Atomics.notify(produced, 0);
throw new Error('boom');
