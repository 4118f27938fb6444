import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Static, fully client-side app. The worker is its own chunk, started while the page is idle.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: false },
});
