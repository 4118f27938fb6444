/**
 * Load a committed .wasm module once per process: `fetch` + `compileStreaming` in a browser worker
 * (Vite turns `new URL('./x.wasm', import.meta.url)` into an asset URL, relative to the worker, so
 * a sub-path deployment works), the file itself in Node (tests, CLI, bench) through
 * `process.getBuiltinModule`, so the core imports nothing from `node:*`. The module has no imports;
 * each decoder gets its own small instance.
 */

interface NodeFs {
  readFileSync(path: string): Uint8Array;
}
interface NodeUrl {
  fileURLToPath(url: URL): string;
}
type GetBuiltin = (id: string) => unknown;

const modules = new Map<string, Promise<WebAssembly.Module>>();

function nodeBuiltin(): GetBuiltin | null {
  const p = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process;
  return typeof p?.getBuiltinModule === 'function' ? p.getBuiltinModule.bind(p) : null;
}

async function compile(url: URL): Promise<WebAssembly.Module> {
  const builtin = url.protocol === 'file:' ? nodeBuiltin() : null;
  if (builtin) {
    const fs = builtin('fs') as NodeFs;
    const path = (builtin('url') as NodeUrl).fileURLToPath(url);
    return WebAssembly.compile(fs.readFileSync(path) as Uint8Array<ArrayBuffer>);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Cannot load ${url.pathname.split('/').pop()}: HTTP ${res.status}.`);
  if (
    typeof WebAssembly.compileStreaming === 'function' &&
    res.headers.get('content-type') === 'application/wasm'
  )
    return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}

/** The compiled module at `url` (compiled once; a failed load is retried on the next call). */
export function wasmModule(url: URL): Promise<WebAssembly.Module> {
  const key = url.href;
  let p = modules.get(key);
  if (!p) {
    p = compile(url);
    modules.set(key, p);
    p.catch(() => modules.delete(key));
  }
  return p;
}

/** Use a module compiled elsewhere (a block worker gets its parent's: compiled once per page). */
export function provideWasmModule(url: URL, module: WebAssembly.Module): void {
  modules.set(url.href, Promise.resolve(module));
}
