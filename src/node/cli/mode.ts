/**
 * What one CLI mode is. Adding a mode = one module that exports a `Mode` + one line in modes.ts.
 *
 * Exit codes (the worst over all FILEs wins): 0 found, 1 nothing found / a check failed,
 * 2 usage error or unreadable file.
 */
import type { Inspection } from '../../core/inspect';
import type { InspectOptions } from '../../core/types';

export const EXIT_OK = 0;
export const EXIT_NOT_FOUND = 1;
export const EXIT_USAGE = 2;

export interface Output {
  /** Text or bytes to stdout, waiting for the stream to drain (large tars). */
  out(data: string | Uint8Array): Promise<void>;
  /** A line to stderr, prefixed with the program name. */
  warn(msg: string): void;
}

export interface ModeContext extends Output {
  /** The value after the mode's flag (e.g. DIR for --extract DIR); undefined when the mode takes none. */
  arg: string | undefined;
  /** Options shared by every mode. */
  maxOutput: number | undefined;
  /** More than one FILE was given: modes label their output with the file name. */
  several: boolean;
  /** The mode's own options that were given (see Mode.options): flag → value, or true without one. */
  options: ReadonlyMap<string, string | true>;
}

/** A flag only one mode accepts, e.g. --fixed for --grep. */
export interface ModeOption {
  flag: string;
  /** Name of its value in the help text; absent when the flag takes none. */
  arg?: string;
  help: string;
}

/** One opened FILE: its path on disk and the lazily-run full inspection. */
export interface OpenedFile {
  path: string;
  /** The file's bytes (read once). */
  bytes: Uint8Array;
  /** Runs the core's inspect() once and caches it. */
  inspection(): Promise<Inspection>;
}

export interface Mode {
  /** The flag, e.g. '--json'; the default mode has flag ''. */
  flag: string;
  /** Name of the flag's value in the help text (e.g. 'DIR'); absent when the flag takes no value. */
  arg?: string;
  /** One line for --help. */
  help: string;
  /** Handle one FILE; returns its exit code. */
  run(file: OpenedFile, ctx: ModeContext): Promise<number>;
  /** Optional: handle all FILEs at once (e.g. a two-file diff). Overrides the per-file loop. */
  runAll?(files: string[], ctx: ModeContext): Promise<number>;
  /**
   * Optional: what goes before each FILE's output when several FILEs are given (default a
   * "==> FILE <==" line, like tail) and after the last one.
   */
  before?(path: string, index: number): string;
  after?: string;
  /** Optional: flags only this mode accepts (given to run() in ctx.options). */
  options?: readonly ModeOption[];
  /**
   * Optional: stop the inspection once this is found (InspectOptions.until), e.g. --config; or
   * what to stop at given the mode's argument (--layer N).
   */
  until?: InspectOptions['until'] | ((arg: string | undefined) => InspectOptions['until']);
  /** Optional: keep every decoded output (InspectOptions.keepOutputs), e.g. --layer N --decoded. */
  keepOutputs?: true;
  /**
   * Optional: the run is short (a small part of one decode, e.g. --config): V8 keeps to its baseline
   * compilers (short-run.ts). Not for modes that decode whole archives.
   */
  shortRun?: true;
  /** Optional: extra validation of the FILE list (e.g. '--tar writes one archive: give one FILE'). */
  checkFiles?(files: string[]): string | null;
}

/** Exit code of an inspection: something found or not. */
export const foundCode = (i: Inspection): number =>
  i.result.headers !== null || i.result.config !== null ? EXIT_OK : EXIT_NOT_FOUND;
