/**
 * The CLI twin of the app: the same core, in Node. Built into one file by scripts/build-cli.mjs
 * (`kheaders-inspector` bin); `npm run -s inspect -- [options] FILE...` builds and runs it.
 * The modes live in src/node/cli/ (one module each, listed in modes.ts).
 */
import { PROGRAM, processOutput, runCli } from './node/cli/main';

runCli(process.argv.slice(2), processOutput()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${PROGRAM}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
