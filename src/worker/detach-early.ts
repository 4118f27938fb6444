/**
 * Give up V8's "no ArrayBuffer was ever detached" assumption when a worker starts, before any
 * warm-up runs.
 *
 * V8 compiles typed-array code assuming its ArrayBufferDetaching protector holds; invalidating it
 * throws away every optimised function that read a typed array. In the decode worker that happened
 * inside the open (a buffer with several views detached, e.g. by liblzma's memory growing), after
 * warm-open.ts had compiled the tar reader, the tree builder and the wire encoder: they went back
 * to the interpreter for the very open they were warmed for (`--js-flags=--trace-deopt
 * --trace-protector-invalidation`: "Invalidating protector cell ArrayBufferDetaching", then next,
 * headerFields, str, num, … "dependent property cell changed"). Invalidating it first makes the
 * warm-up compile code that stays valid.
 *
 * Detaching a buffer with no or one typed-array view does not do it in current V8
 * (--track-array-buffer-views marks that one view instead), so: shrink a resizable ArrayBuffer,
 * which always invalidates the protector, or (without resizable buffers) detach a buffer that has
 * two views. Returns the buffer used, shrunk or detached (for the test).
 */
type Resizable = ArrayBuffer & { resize?: (n: number) => void; resizable?: boolean };

export function detachEarly(): ArrayBuffer {
  const rab = new (ArrayBuffer as new (n: number, o: { maxByteLength: number }) => Resizable)(16, {
    maxByteLength: 16,
  });
  if (rab.resizable === true && typeof rab.resize === 'function') {
    rab.resize(8);
    return rab;
  }
  const buf = new ArrayBuffer(16);
  const views = [new Uint8Array(buf), new Uint32Array(buf)];
  structuredClone(buf, { transfer: [buf] });
  return views[0]!.buffer as ArrayBuffer;
}
