import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/vite-sw-plugin.mjs';

/**
 * The built page's Content-Security-Policy (a <meta>, so it holds on any static host). Scripts come
 * only from the page's own origin (no inline script, no eval); the page compiles no WebAssembly itself
 * (the decoders run in the worker, whose policy comes with its own response), so no 'wasm-unsafe-eval'
 * in the <meta>.
 * connect-src is as wide as `?src=`/Open URL needs: any http(s) address the user chose to fetch.
 * React sets `style` through the CSSOM, which style-src does not restrict, so no 'unsafe-inline'.
 * The dev server gets none: React Refresh injects inline scripts there.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self' https: http:",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The same policy for a host that sends it as an HTTP header. A header also governs the worker (a
 * <meta> governs only the page), and the worker compiles the WebAssembly decoders, so the header adds
 * 'wasm-unsafe-eval' to script-src: it allows WebAssembly compilation and nothing else (no eval).
 * `vite preview` sends it, so every e2e test and bench runs under the header and the meta together.
 */
export const CONTENT_SECURITY_POLICY_HEADER = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
);

function contentSecurityPolicy(): Plugin {
  return {
    name: 'khi-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Static, fully client-side app. The worker is its own chunk, started while the page is idle.
// The service worker (src/sw) is bundled after the build, with every built file in its precache.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), serviceWorker('src/sw/service-worker.ts')],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: false },
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER } },
});
