/**
 * The CLI's modes: the only list of them. Adding a mode = one module exporting a `Mode` + one line
 * here. The first entry is the default (flag '').
 */
import type { Mode } from './mode';
import { jsonMode, listMode, treeMode } from './report-modes';
import { defMode, grepMode } from './search-modes';
import { diffMode } from './diff-mode';

export const modes: readonly Mode[] = [treeMode, jsonMode, listMode, grepMode, defMode, diffMode];
