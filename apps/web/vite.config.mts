import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src', import.meta.url));

/**
 * The web app builds to dist/web, which the API serves at `/` (apps/api/src/web-app). No React
 * plugin: Vite's own transform compiles JSX (automatic runtime); fast refresh is not needed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: { '@': src } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // every asset under /assets/ (the API serves that folder with immutable caching)
    assetsDir: 'assets',
    // read by scripts/check-bundle-size.mjs to follow each route's imports
    manifest: true,
    chunkSizeWarningLimit: 1500,
    // the size budget is checked by scripts/check-bundle-size.mjs; antd's "use client" lines mean nothing here
    rolldownOptions: {
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '^/(auth|tasks|reports|documents|dashboard|notifications|units|users|extensions|notices|calendar|attachments|measures)': 'http://127.0.0.1:3000' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
