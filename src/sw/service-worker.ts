/// <reference lib="webworker" />
/**
 * The service worker: precaches every built file (page, scripts, the decoding worker, the .wasm
 * decoders, icons, the sample) at install, answers from that cache (see route.ts for what it
 * touches), and waits for the page to say "reload" before a new version takes over. The build
 * (scripts/vite-sw-plugin.ts) bundles this file to sw.js with the file list injected.
 */
import { CACHE_PREFIX, precacheKey, staleCaches, type PrecacheManifest } from './route';

declare const self: ServiceWorkerGlobalScope;
declare const __KHI_PRECACHE__: PrecacheManifest;

const { version, files } = __KHI_PRECACHE__;
const CACHE = CACHE_PREFIX + version;
const precached = new Set(files);

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const scope = self.registration.scope;
  // 'reload': fill the cache from the server, never from a stale HTTP cache entry.
  await cache.addAll(files.map((f) => new Request(new URL(f, scope), { cache: 'reload' })));
}

async function activate(): Promise<void> {
  for (const name of staleCaches(await caches.keys(), CACHE)) await caches.delete(name);
  // The first install takes the open page at once; later versions wait for the page's "reload".
  await self.clients.claim();
}

async function answer(key: string, request: Request): Promise<Response> {
  const hit = await caches.match(key, { cacheName: CACHE });
  return hit ?? fetch(request);
}

self.addEventListener('install', (e) => e.waitUntil(precache()));
self.addEventListener('activate', (e) => e.waitUntil(activate()));
self.addEventListener('message', (e) => {
  if ((e.data as { type?: unknown } | null)?.type === 'skip-waiting') void self.skipWaiting();
});
self.addEventListener('fetch', (e) => {
  const r = e.request;
  const key = precacheKey(
    { url: r.url, method: r.method, mode: r.mode, ranged: r.headers.has('range') },
    self.registration.scope,
    precached,
  );
  if (key) e.respondWith(answer(key, r));
});
