/**
 * Compile every WebAssembly decoder ahead of use (the worker calls this at start, while the user is
 * still choosing a file), so opening a file makes no network request and pays no compile time.
 */
import { wasmModule } from './load';
import { LIBBZ2_URL } from './libbz2';
import { LIBLZ4_URL } from './liblz4';
import { LIBLZMA_URL } from './liblzma';
import { LIBZSTD_URL } from './libzstd';
import { ZLIB_URL } from './zlib';

export async function preloadWasm(): Promise<void> {
  await Promise.all(
    [LIBLZMA_URL, LIBZSTD_URL, LIBLZ4_URL, ZLIB_URL, LIBBZ2_URL].map((u) =>
      wasmModule(u).catch(() => undefined),
    ),
  );
}
