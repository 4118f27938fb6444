/**
 * The CLI's modes: the only list of them. Adding a mode = one module exporting a `Mode` + one line
 * here. The first entry is the default (flag '').
 */
import { checkMode } from './check-mode';
import { configMode } from './config-mode';
import type { Mode } from './mode';
import { jsonMode, listMode, treeMode } from './report-modes';
import { defMode, grepMode } from './search-modes';
import { diffMode } from './diff-mode';
import { extractMode } from './extract-mode';
import { tarMode } from './tar-mode';
import { layerMode } from './layer-mode';

export const modes: readonly Mode[] = [
  treeMode,
  jsonMode,
  listMode,
  configMode,
  tarMode,
  layerMode,
  extractMode,
  checkMode,
  grepMode,
  defMode,
  diffMode,
];
