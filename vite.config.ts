// Vite build and servers for the twin: React, the bundled default city as an asset URL, ES
// module workers, cross-origin isolation (COOP/COEP) on dev and preview for SharedArrayBuffer, Cesium's static folders.
import { cpSync, createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
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

/**
 * Cesium's static folders (web workers, star and moon textures, third-party wasm, widget images) at
 * `/cesium/`: served from node_modules in dev, copied into the build; the globe sets CESIUM_BASE_URL to it.
 */
function cesiumStatic(): Plugin {
  const source = resolve('node_modules/cesium/Build/Cesium');
  const folders = ['Workers', 'ThirdParty', 'Assets', 'Widgets'];
  const types: Record<string, string> = {
    '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png', '.jpg': 'image/jpeg',
    '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.xml': 'application/xml', '.glb': 'model/gltf-binary', '.ktx2': 'image/ktx2',
  };
  let outDir = resolve('dist');
  let building = false;
  return {
    name: 'twin-cesium-static',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      building = config.command === 'build';
    },
    configureServer(server) {
      server.middlewares.use('/cesium', (req, res, next) => {
        const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]));
        const file = join(source, path);
        const folder = path.split(/[\\/]/).filter(Boolean)[0];
        if (!file.startsWith(source + sep) || !folders.includes(folder) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
        for (const [k, v] of Object.entries(CROSS_ORIGIN_ISOLATION)) res.setHeader(k, v);
        createReadStream(file).pipe(res);
      });
    },
    closeBundle() {
      if (!building || !existsSync(outDir)) return;
      for (const f of folders) cpSync(join(source, f), join(outDir, 'cesium', f), { recursive: true });
    },
  };
}

export default defineConfig({
  plugins: [defaultCity(), cesiumStatic(), react()],
  assetsInclude: ['**/*.city'],
  build: {
    target: 'es2022',
    // The city file is several MB: always a separate asset, never inlined.
    assetsInlineLimit: (file) => (file.endsWith('.city') ? false : undefined),
    // The Cesium chunk (≈ 3.8 MB) loads only when the globe opens.
    chunkSizeWarningLimit: 4500,
  },
  worker: { format: 'es' },
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
});
