/**
 * For a short run (Mode.baselineWasm, e.g. --config): WebAssembly is compiled by V8's baseline
 * compiler (Liftoff) only. By default V8 also recompiles the hot decoder functions with TurboFan on
 * background threads; in a process that lives a third of a second that compile costs more than the
 * faster code saves (arm64 Image.gz --config: ~2,500 fewer page faults, about 70 ms less CPU). Set
 * before the first module is compiled; it holds for the rest of the process.
 */
export async function baselineWasmOnly(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}
