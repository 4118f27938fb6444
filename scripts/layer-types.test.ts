/**
 * The runtime boundaries are enforced by the compiler, not by lint alone: `tsconfig.core.json` gives
 * src/core only ES2023 + the WebWorker globals (what both a worker and Node provide), with no DOM and
 * no Node types. This test compiles a probe file under src/core with that config and checks that
 * `document` and `process` are rejected while the shared platform APIs still type-check.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function diagnosticsFor(config: string, probe: string): string[] {
  const file = ts.readConfigFile(join(root, config), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, root);
  const probePath = join(root, 'src/core/__layer_probe__.ts');
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) =>
    name === probePath ? ts.createSourceFile(name, probe, lang) : read(name, lang, onError, create);
  const program = ts.createProgram([probePath], parsed.options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === probePath)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('tsconfig.core.json keeps the core free of DOM and Node', () => {
  it('rejects document, window and process', () => {
    const errors = diagnosticsFor(
      'tsconfig.core.json',
      'export const a = document.title;\nexport const b = window.name;\nexport const c = process.env.HOME;\n',
    );
    expect(errors.some((e) => e.includes("'document'"))).toBe(true);
    expect(errors.some((e) => e.includes("'window'"))).toBe(true);
    expect(errors.some((e) => e.includes("'process'"))).toBe(true);
  });

  it('accepts the platform APIs a worker and Node share', () => {
    const errors = diagnosticsFor(
      'tsconfig.core.json',
      'export const d = new TextDecoder().decode(new Uint8Array(1));\n' +
        'export const s: AbortSignal = new AbortController().signal;\n' +
        'export const w = typeof WebAssembly.instantiate;\n',
    );
    expect(errors).toEqual([]);
  });
});
