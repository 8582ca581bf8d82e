// Vite build and servers for the twin: React, the bundled default city as an asset URL, ES
// module workers, and cross-origin isolation (COOP/COEP) on dev and preview for SharedArrayBuffer.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Same-origin isolation: lets the page use SharedArrayBuffer; every resource is local anyway. */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * `virtual:default-city?url` → the prebuilt default city file (TWIN_DEFAULT_CITY overrides the
 * path, e.g. for a small city while developing); a missing file stops the build with the fix.
 */
function defaultCity(): Plugin {
  const file = resolve(process.env.TWIN_DEFAULT_CITY ?? 'assets/dijon-generated.city');
  return {
    name: 'twin-default-city',
    enforce: 'pre',
    resolveId(id) {
      if (id !== 'virtual:default-city?url') return null;
      if (!existsSync(file)) {
        this.error(`default city file ${file} is missing: run \`npm run city:build-default\` (or set TWIN_DEFAULT_CITY to a .city file)`);
      }
      return `${file}?url`;
    },
  };
}

export default defineConfig({
  plugins: [defaultCity(), react()],
  assetsInclude: ['**/*.city'],
  build: {
    target: 'es2022',
    // The city file is several MB: always a separate asset, never inlined.
    assetsInlineLimit: (file) => (file.endsWith('.city') ? false : undefined),
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
});
