// A decoding worker that fails before producing anything (src/node/extract-stream.test.ts).
throw new Error('boom');
