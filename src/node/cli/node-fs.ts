/**
 * node:fs for the CLI's start path, without `import … from 'node:fs'`: an ES import of fs reads
 * every export of it, and the lazy ones (fs.promises, ReadStream, WriteStream) load about 19 of
 * Node's internal modules (streams) that a short run never uses. process.getBuiltinModule (Node
 * 20.16+) hands the module over as is; older Node falls back to the import.
 */
import type * as NodeFs from 'node:fs';

type Fs = typeof NodeFs;

const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
export const fs: Fs = (builtin?.call(process, 'fs') as Fs | undefined) ?? (await import('node:fs'));
