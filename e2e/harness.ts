// Browser-test harness: builds the app (`vite build` into a temp dir), serves it with
// `vite preview` on a free localhost port, and drives Debian's chromium through playwright-core.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import type { TwinProbe } from '../src/views/scene3d/twinProbe.ts';
import type { MapProbe } from '../src/views/map/mapProbe.ts';
import { freePort } from '../src/live/testing/net.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '..');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

/** Without Debian's chromium the browser tests are skipped, except under CI=true where they fail. */
export function browserAvailability(): { available: boolean; message: string } {
  if (existsSync(CHROMIUM)) return { available: true, message: '' };
  const message = `browser tests need ${CHROMIUM}: install the Debian package \`chromium\` (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${message} — required under CI=true`);
  console.warn(`[e2e] skipped: ${message}`);
  return { available: false, message };
}

/** The city file the build bundles as its default (same rule as vite.config.ts). */
export function defaultCityPath(): string {
  return resolve(ROOT, process.env.TWIN_DEFAULT_CITY ?? 'assets/dijon-generated.city');
}


function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [VITE, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', rej);
    p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`vite ${args[0]} failed (${code}):\n${out}`))));
  });
}

export interface ServedApp {
  baseUrl: string;
  close(): Promise<void>;
}

/** `vite build` then `vite preview` (cross-origin isolated, as configured) on 127.0.0.1. */
export async function buildAndServe(): Promise<ServedApp> {
  const dir = mkdtempSync(join(tmpdir(), 'twin-e2e-'));
  const outDir = join(dir, 'dist');
  // A production build even though vitest sets NODE_ENV=test.
  const env = { ...process.env, NODE_ENV: 'production' };
  await run(['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], env);
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(baseUrl);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`vite preview did not start on ${baseUrl}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    async close() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  /** Every URL any page or worker requested. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'twin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r: Request) => requests.push(r.url()));
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  return {
    context,
    requests,
    errors,
    async newPage() {
      return context.pages().find((p) => p.url() === 'about:blank') ?? context.newPage();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Requests that stay on this machine: localhost, 127.0.0.1, data: and blob: URLs. */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    const u = new URL(url);
    return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** What the page's probe holds, without its functions (they do not cross to the test). */
export type TwinState = Omit<TwinProbe, 'setAllLampLevels' | 'project'>;

export function twinState(page: Page): Promise<TwinState | null> {
  return page.evaluate(() => {
    const t = (window as unknown as { __twin?: Record<string, unknown> }).__twin;
    if (!t) return null;
    const { setAllLampLevels: _s, project: _p, ...rest } = t;
    void _s;
    void _p;
    return rest as unknown as TwinState;
  });
}

/** Waits for `window.__twin.ready` (frames drawn) and at least `minFrames` frames beyond `afterFrames`. */
export async function waitForFrames(page: Page, opts: { afterFrames?: number; minFrames?: number; cityName?: string; timeoutMs?: number } = {}): Promise<TwinState> {
  const { afterFrames = 0, minFrames = 1, cityName, timeoutMs = 150_000 } = opts;
  await page.waitForFunction(
    ({ after, min, name }) => {
      const t = (window as unknown as { __twin?: { ready: boolean; frames: number; cityName: string } }).__twin;
      return !!t && t.ready && t.frames >= after + min && (name === null || t.cityName === name);
    },
    { after: afterFrames, min: minFrames, name: cityName ?? null },
    { timeout: timeoutMs, polling: 250 },
  );
  return (await twinState(page))!;
}

export interface PixelStats {
  width: number;
  height: number;
  /** Warm light: lamp glow, pools and lit windows (red high, blue clearly lower). */
  warm: number;
  /** Night background: luminance below 40/255. */
  dark: number;
  /** Any pixel brighter than 90/255 luminance. */
  bright: number;
  meanLuminance: number;
}

/** Screenshot of the 3D canvas, decoded in the page (data: image) and counted by colour class. */
export async function canvasPixelStats(page: Page, screenshotPath?: string): Promise<PixelStats> {
  const canvas = page.locator('canvas').first();
  const png = await canvas.screenshot({ path: screenshotPath });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let warm = 0, dark = 0, bright = 0, sum = 0;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i], gg = d[i + 1], b = d[i + 2];
      const l = 0.2126 * r + 0.7152 * gg + 0.0722 * b;
      sum += l;
      if (l < 40) dark++;
      if (l > 90) bright++;
      if (r > 120 && r >= gg && r - b > 40) warm++;
    }
    return { width: c.width, height: c.height, warm, dark, bright, meanLuminance: sum / (d.length / 4) };
  }, png.toString('base64'));
}

export interface SimState {
  phase: string;
  session: number;
  playing: boolean;
  atEnd: boolean;
  scenario: string | null;
  timeMs: number | null;
  frames: number;
  framesPerSecond: number;
  levels: { count: number; mean: number; min: number; max: number; dimmed: number } | null;
  runs: number;
}

/** What `window.__twinSim` says about the simulation worker (status, frames received, level statistics). */
export function simState(page: Page): Promise<SimState | null> {
  return page.evaluate(() => {
    const s = window.__twinSim;
    if (!s) return null;
    return {
      phase: s.status?.phase ?? 'none', session: s.status?.session ?? 0, playing: !!s.status?.playing, atEnd: !!s.status?.atEnd, scenario: s.status?.scenario?.name ?? null,
      timeMs: s.timeMs, frames: s.frames, framesPerSecond: s.framesPerSecond(), levels: s.levelStats(), runs: s.runs,
    };
  });
}

/**
 * Waits until the simulation is ready (a scenario runs, no job) and the latest frame is of the
 * current scenario session at the status time (and at `timeMs` when given).
 */
export async function waitForSim(page: Page, opts: { timeMs?: number; scenario?: string; timeoutMs?: number } = {}): Promise<SimState> {
  await page.waitForFunction(
    ({ timeMs, scenario }) => {
      const s = window.__twinSim;
      const st = s?.status;
      return (
        !!s && !!st && st.phase === 'ready' && s.frames > 0 && s.frameSession === st.session && s.timeMs === st.timeMs &&
        (timeMs === null || s.timeMs === timeMs) && (scenario === null || st.scenario?.name === scenario)
      );
    },
    { timeMs: opts.timeMs ?? null, scenario: opts.scenario ?? null },
    { timeout: opts.timeoutMs ?? 120_000, polling: 100 },
  );
  return (await simState(page))!;
}

/** The built app in a fresh page (English), the default city drawn and its default scenario loaded: where the studio's tests start. */
export async function openReadyApp(): Promise<{ app: ServedApp; browser: Browser; page: Page; close(): Promise<void> }> {
  const app = await buildAndServe();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(`${app.baseUrl}?lang=en`);
  await waitForFrames(page, { minFrames: 2 });
  await waitForSim(page, { scenario: 'dijon-today' });
  return {
    app,
    browser,
    page,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** What the map's probe holds, without its functions. */
export type MapState = Omit<MapProbe, 'projectLamp' | 'setAllLampLevels' | 'projectLonLat'>;

export function mapState(page: Page): Promise<MapState> {
  return page.evaluate(() => {
    const { projectLamp: _p, setAllLampLevels: _s, projectLonLat: _l, ...rest } = window.__twinMap!;
    void _p;
    void _s;
    void _l;
    return rest;
  });
}

/** Waits until the map has drawn `minFrames` frames after `afterFrames`, and returns its probe. */
export async function waitForMap(page: Page, afterFrames = 0, minFrames = 1): Promise<MapState> {
  await page.waitForFunction(
    ({ after, min }) => !!window.__twinMap?.ready && window.__twinMap.frames >= after + min,
    { after: afterFrames, min: minFrames },
    { timeout: 120_000, polling: 200 },
  );
  return mapState(page);
}

/** Lamps near the map's centre (clear of the layer panel) with no other lamp within `gapPx` on screen. */
export function isolatedLamps(page: Page, count: number, gapPx: number): Promise<[number, number, number][]> {
  return page.evaluate(
    ({ gap, count }) => {
      const host = document.querySelector('.map-canvas-host')!;
      const w = host.clientWidth - 300, h = host.clientHeight;
      const pts: [number, number, number][] = [];
      for (let i = 0; i < count; i++) {
        const p = window.__twinMap!.projectLamp!(i);
        if (p && p[0] > 60 && p[0] < w && p[1] > 70 && p[1] < h - 40) pts.push([i, p[0], p[1]]);
      }
      const cells = new Map<string, [number, number, number][]>();
      for (const p of pts) {
        const k = `${Math.floor(p[1] / gap)},${Math.floor(p[2] / gap)}`;
        if (!cells.has(k)) cells.set(k, []);
        cells.get(k)!.push(p);
      }
      const crowded = (p: [number, number, number]) => {
        const cx = Math.floor(p[1] / gap), cy = Math.floor(p[2] / gap);
        for (let dx = -1; dx <= 1; dx++) {
          for (let dy = -1; dy <= 1; dy++) {
            for (const q of cells.get(`${cx + dx},${cy + dy}`) ?? []) if (q[0] !== p[0] && Math.hypot(q[1] - p[1], q[2] - p[2]) < gap) return true;
          }
        }
        return false;
      };
      const out = pts.filter((p) => !crowded(p));
      out.sort((a, b) => Math.hypot(a[1] - w / 2, a[2] - h / 2) - Math.hypot(b[1] - w / 2, b[2] - h / 2));
      return out.slice(0, 40);
    },
    { gap: gapPx, count },
  );
}

/** Flies the map to a commune through the search box (a store flight) and waits until the flight is over. */
export async function flyMapTo(page: Page, commune: string): Promise<void> {
  await page.getByTestId('search-input').fill(commune);
  await page.getByTestId('search-results').getByRole('button').first().click();
  await page.waitForFunction(() => window.__twinMap!.zoom > 13, null, { timeout: 30_000 });
  // The flight must be over before points are projected to pixels (it lasts longer on a loaded
  // machine, where a stalled animation can look still for a second): the same place three times.
  let still = 0;
  let a = await mapState(page);
  for (const deadline = Date.now() + 45_000; Date.now() < deadline; ) {
    await page.waitForTimeout(1000);
    const b = await mapState(page);
    still = a.zoom === b.zoom && a.longitude === b.longitude && a.latitude === b.latitude ? still + 1 : 0;
    if (still >= 2) return;
    a = b;
  }
  throw new Error(`the map did not settle over ${commune} within 45 s`);
}
