// The project's scenarios bundled into the page (raw JSON text, validated by the worker when
// applied), with their titles for the picker, in the order a presentation tells the story.

export interface BundledScenario {
  /** File name without `.scenario.json`: how baselines refer to it. */
  name: string;
  file: string;
  text: string;
  title: { fr: string; en: string };
  /** The scenario's period as written (NaN when the text is not valid; the worker says why). */
  startMs: number;
  days: number;
}

export const DEFAULT_SCENARIO = 'dijon-today';
const ORDER = ['dijon-2017-baseline', 'dijon-today', 'dijon-led-part-night', 'dijon-adaptive', 'dijon-presence'];

const raw = import.meta.glob<string>('../../scenarios/*.scenario.json', { query: '?raw', import: 'default', eager: true });

function describe(path: string, text: string): BundledScenario {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const name = file.replace(/\.scenario\.json$/, '');
  let title = { fr: name, en: name };
  let startMs = NaN;
  let days = NaN;
  try {
    const j = JSON.parse(text) as { title?: { fr?: string; en?: string }; period?: { start?: string; days?: number } };
    title = { fr: j.title?.fr ?? name, en: j.title?.en ?? name };
    startMs = Date.parse(j.period?.start ?? '');
    days = j.period?.days ?? 1;
  } catch {
    /* the worker reports the error when it is chosen */
  }
  return { name, file, text, title, startMs, days };
}

const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);

export const BUNDLED_SCENARIOS: readonly BundledScenario[] = Object.entries(raw)
  .map(([path, text]) => describe(path, text))
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));

export function bundledScenario(name: string): BundledScenario | undefined {
  return BUNDLED_SCENARIOS.find((s) => s.name === name);
}

/** name → text, for the worker to resolve baselines. */
export function scenarioTexts(): Record<string, string> {
  return Object.fromEntries(BUNDLED_SCENARIOS.map((s) => [s.name, s.text]));
}
