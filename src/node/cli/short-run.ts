/**
 * For a short run (Mode.shortRun, e.g. --config): V8 keeps to its baseline compilers, Liftoff for
 * WebAssembly and Sparkplug for JavaScript. By default it also recompiles hot decoder and scanner
 * functions with TurboFan on background threads; in a process that lives a third of a second that
 * compile costs more than the faster code saves. Medians of 9–11 (load ~6): arm64 Image.gz
 * --config, Liftoff only: ~2,500 fewer page faults, 360 -> 270 ms CPU; no JavaScript TurboFan on
 * top: 292 -> 268 ms; bzImage 558 -> 528 ms. The price is paid when nothing stops the decode early:
 * Debian's vmlinuz (no config in it: all 65 MB decoded) takes ~15% more CPU (1.86 -> 2.2 s, still
 * below extract-ikconfig's 2.5 s). Set before the first compile; it holds for the rest of the process.
 */
export async function baselineCompilersOnly(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only --max-opt=1');
}
