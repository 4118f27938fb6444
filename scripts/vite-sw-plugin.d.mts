import type { Plugin } from 'vite';
import type { PrecacheManifest } from '../src/sw/route';

export declare const SW_FILE: 'sw.js';
export declare function precacheManifest(outDir: string): PrecacheManifest;
export declare function serviceWorker(entry: string): Plugin;
