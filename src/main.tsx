import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { bridge } from './ui/bridge';
import { preloadPanels } from './ui/lazy-panels';
import { registerServiceWorker } from './ui/pwa/sw-client';
import { searchBridge } from './ui/search-bridge';
import { warmTreeWhileIdle } from './ui/warm-tree';
import './ui/styles.css';
import './ui/layout.css';
import './ui/pwa/pwa.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Start the worker while the user is still choosing a file (hides its start-up cost).
const warm = (): void => {
  bridge.warm();
  // The search worker too: it is loaded before any file is chosen, so searching needs no request.
  searchBridge.warm();
  // The panels kept out of the first-load script (lazy-panels.tsx).
  preloadPanels();
  // The page's own share of an open: the tree wire decode and the rows (warm-tree.ts).
  warmTreeWhileIdle();
};
if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 1000 });
else setTimeout(warm, 200);

// Offline use and updates (production builds only).
registerServiceWorker();
