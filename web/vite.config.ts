/**
 * The web app's build. Everything it loads is bundled here: no CDN, no web fonts, no basemap.
 * Pages are split (React.lazy) so the dashboard's first load stays small; the map (OpenLayers)
 * and charts (ECharts) load only with the pages that use them.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    target: 'es2022',
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); irrelevant in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
