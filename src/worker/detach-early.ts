/**
 * Detach one small ArrayBuffer when a worker starts, before any warm-up runs.
 *
 * V8 compiles typed-array code on the assumption that no ArrayBuffer has ever been detached (its
 * ArrayBufferDetaching protector). The first detach in the process (a transfer, a WebAssembly
 * memory growing) invalidates that protector and throws away every optimised function that read
 * a typed array. In the decode worker that first detach used to come inside the open, after
 * warm-open.ts had compiled the tar reader, the tree builder and the wire encoder: all of them
 * went back to the interpreter for the open they were warmed for (`--js-flags=--trace-deopt
 * --trace-protector-invalidation`: "Invalidating protector cell ArrayBufferDetaching", then
 * checksumOk, str, num, next, headerFields, … "dependent property cell changed"). Detaching first
 * makes the warm-up compile code that stays valid.
 */
export function detachEarly(): ArrayBuffer {
  const buf = new ArrayBuffer(8);
  structuredClone(buf, { transfer: [buf] });
  return buf;
}
