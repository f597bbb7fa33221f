/**
 * Vite config of the browser app. `npm run build:web` builds into web/dist, which the platform
 * serves on the API's port; `npm run dev:web` serves the sources with hot reload and proxies
 * `/api` to a running platform (CITYOPS_API_URL, default http://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.CITYOPS_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Hashed names under /assets/ are what the platform caches for a year.
    assetsDir: 'assets',
    sourcemap: false,
    // No inlined data: URLs for assets, so the CSP can stay strict and files stay cacheable.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});
