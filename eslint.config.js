// Lint rules that hold the architecture of DESIGN.md: dependency direction per folder,
// and determinism in the simulation core (no Math.random, no Date.now).
import tseslint from 'typescript-eslint';

const viewSiblings = ['scene3d', 'map', 'globe'];
/** A view folder as imported from anywhere (`…/views/map/…`) or from a sibling (`../map/…`, `../../map/…`). */
const siblingPatterns = (v) => [`**/views/${v}/**`, `../${v}/**`, `../../${v}/**`];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results.json'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {},
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'three', 'three/*', '@react-three/*', 'cesium', '@deck.gl/*', 'deck.gl', 'comlink', 'zustand', 'zustand/*', 'mqtt', 'i18next', 'react-i18next'], message: 'core is pure TypeScript: no UI, worker or transport libraries (DESIGN.md).' },
            { group: ['node:*', 'fs', 'path', 'zlib', 'os', 'child_process', 'worker_threads'], message: 'core runs in the browser too: no Node built-ins.' },
            { group: ['**/views/**', '**/ui/**', '**/store/**', '**/app/**', '**/sim-client/**', '**/live/**', '**/cli/**', '**/workers/**'], message: 'core imports only core.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Rng (src/core/rng.ts): the core is deterministic.' },
        { object: 'Date', property: 'now', message: 'The core reads time from the simulation clock, never the wall clock.' },
      ],
      'no-restricted-globals': ['error', { name: 'window', message: 'core has no DOM.' }, { name: 'document', message: 'core has no DOM.' }],
    },
  },
  {
    // Tests and test support of the core may read files and run tools; they never ship.
    files: ['src/core/**/*.test.ts', 'src/core/**/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/views/**', '**/ui/**', '**/store/**', '**/app/**', '**/sim-client/**', '**/live/**', '**/workers/**'], message: 'core tests exercise core.' }] },
      ],
    },
  },
  ...viewSiblings.map((view) => ({
    files: [`src/views/${view}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: viewSiblings.filter((v) => v !== view).flatMap(siblingPatterns), message: 'Views are siblings that never import each other.' },
            { group: ['**/ui/**', '**/app/**', '**/cli/**'], message: 'Views import store, sim-client and core only.' },
          ],
        },
      ],
    },
  })),
  {
    // Helpers shared by views (src/views/shared) belong to no view: they import no view, ui or app.
    files: ['src/views/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...viewSiblings.flatMap(siblingPatterns), '**/ui/**', '**/app/**', '**/cli/**'], message: 'views/shared is below every view: store, sim-client and core only.' }] },
      ],
    },
  },
  {
    // The SUMO cross-check runs in Node beside the core: it reads the core and drives SUMO's tools.
    files: ['src/traffic-ref/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/views/**', '**/ui/**', '**/store/**', '**/app/**', '**/sim-client/**', '**/live/**', '**/workers/**', '**/cli/**'], message: 'traffic-ref imports core and Node built-ins only.' }] },
      ],
    },
  },
  {
    files: ['src/store/**/*.ts', 'src/sim-client/**/*.ts', 'src/live/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/views/**', '**/ui/**', '**/app/**', '**/cli/**'], message: 'See the dependency table in DESIGN.md.' }] }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', '**/cli/**'], message: 'ui imports store, sim-client and views.' }] }],
    },
  },
);
