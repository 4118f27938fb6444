/**
 * The page's side of the service worker: register it (production builds only; `vite dev` has no
 * sw.js), notice when a new version has installed and waits, and on the user's "Reload" tell it to
 * take over and reload once it has. Nothing here blocks the page or reloads it unasked.
 */
import { Atom } from '../atom';

/** The installed new version waiting for the user's go-ahead, or null. */
export const waitingWorker = new Atom<ServiceWorker | null>(null);

function watch(reg: ServiceWorkerRegistration): void {
  // A waiting worker only means an update when a page is already controlled (else it is the first install).
  const offer = (w: ServiceWorker | null): void => {
    if (w && navigator.serviceWorker.controller) waitingWorker.set(w);
  };
  offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    w?.addEventListener('statechange', () => {
      if (w.state === 'installed') offer(w);
    });
  });
}

export function registerServiceWorker(url = './sw.js'): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(url, { scope: './' }).then(watch, (e: unknown) => {
    // Offline use is a bonus: the page works without it (e.g. a file:// copy or a blocked worker).
    console.warn('service worker not registered:', e);
  });
}

/** Activate the waiting version and reload into it. */
export function applyUpdate(): void {
  const w = waitingWorker.get();
  if (!w) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  w.postMessage({ type: 'skip-waiting' });
}

export const dismissUpdate = (): void => waitingWorker.set(null);
