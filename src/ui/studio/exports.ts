// Exports of a comparison for planners: CSV of every KPI with its change, CSV per commune, GeoJSON
// of per-lamp energy and level differences, and saving files from the page (download links).

import type { CityModel } from '../../core/city/model.ts';
import type { KpiChange, KpiDelta } from '../../core/compare.ts';
import { lampExternalId } from '../../core/city/entityIds.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import type { CompareRun } from '../../sim-client/compareClient.ts';

/** One CSV field (RFC 4180: quoted when it holds a comma, quote or line break). */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const isChange = (d: unknown): d is KpiChange => typeof d === 'object' && d !== null && !Array.isArray(d) && typeof (d as KpiChange).diff === 'number';

/** Every numeric KPI the delta covers, as [path, change] (arrays as `path[i]`), in the KPI objects' order. */
export function flattenDelta(delta: KpiDelta, prefix = ''): [string, KpiChange][] {
  if (delta === null) return [];
  if (isChange(delta)) return [[prefix, delta]];
  if (Array.isArray(delta)) return delta.flatMap((d, i) => flattenDelta(d, `${prefix}[${i}]`));
  return Object.entries(delta).flatMap(([k, d]) => flattenDelta(d, prefix ? `${prefix}.${k}` : k));
}

/** The value at a path written by flattenDelta (`lighting.powerByLocalHourKW[3]`). */
export function valueAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** All KPIs: path, baseline, variant, change, change in %. The unit is in each KPI's name (…KWh, …EUR, …Kg). */
export function kpiCsv(run: CompareRun): string {
  const { baseline, variant, delta } = run.result;
  const rows: (string | number | null)[][] = [
    ['kpi', 'baseline', 'variant', 'change', 'change_pct'],
    ['scenario', baseline.scenario, variant.scenario, null, null],
    ['start', baseline.start, variant.start, null, null],
    ['end', baseline.end, variant.end, null, null],
    ['seed', baseline.seed, variant.seed, null, null],
  ];
  for (const [path, c] of flattenDelta(delta)) rows.push([path, valueAt(baseline, path) as number, valueAt(variant, path) as number, c.diff, c.pct]);
  return csv(rows);
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Per commune: population, lamps, energy of each side, change, and energy per inhabitant. */
export function communeCsv(city: CityModel, run: CompareRun): string {
  const lampsOf = new Uint32Array(city.communes.count);
  for (let i = 0; i < city.lamps.count; i++) lampsOf[city.lamps.commune[i]]++;
  const a = run.result.baseline.lighting.energyByCommuneKWh;
  const b = run.result.variant.lighting.energyByCommuneKWh;
  const rows: (string | number | null)[][] = [
    ['commune', 'insee', 'population', 'lamps', 'baseline_kwh', 'variant_kwh', 'change_kwh', 'change_pct', 'baseline_kwh_per_inhabitant', 'variant_kwh_per_inhabitant'],
  ];
  for (let c = 0; c < city.communes.count; c++) {
    const name = city.communes.name[c];
    const ea = a[name] ?? 0;
    const eb = b[name] ?? 0;
    const pop = city.communes.population[c];
    rows.push([name, city.communes.inseeCode[c], pop, lampsOf[c], ea, eb, r1(eb - ea), ea > 0 ? r1(((eb - ea) / ea) * 100) : null, pop ? r3(ea / pop) : null, pop ? r3(eb / pop) : null]);
  }
  return csv(rows);
}

export interface LampDiffFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    id: string;
    commune: string;
    baselineKWh: number;
    variantKWh: number;
    changeKWh: number;
    baselineMeanLevel: number;
    variantMeanLevel: number;
    changeMeanLevel: number;
  };
}

/**
 * Every lamp as a GeoJSON point (WGS 84) with its energy over the period on each side and its mean
 * level while lit on the first night, and their changes. `onlyChanged` keeps the lamps that differ.
 */
export function lampDiffGeoJson(city: CityModel, run: CompareRun, onlyChanged = false): { type: 'FeatureCollection'; features: LampDiffFeature[]; properties: Record<string, unknown> } {
  const proj = makeProjection(city.meta.frame);
  const features: LampDiffFeature[] = [];
  const a = run.baseline;
  const b = run.variant;
  for (let i = 0; i < city.lamps.count; i++) {
    const ea = r3(a.lampKWh[i]);
    const eb = r3(b.lampKWh[i]);
    const la = r3(a.lampMeanLevel[i]);
    const lb = r3(b.lampMeanLevel[i]);
    if (onlyChanged && ea === eb && la === lb) continue;
    const [lon, lat] = proj.toLonLat(city.lamps.xM[i], city.lamps.yM[i]);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7] },
      properties: {
        id: lampExternalId(city, i),
        commune: city.communes.name[city.lamps.commune[i]],
        baselineKWh: ea,
        variantKWh: eb,
        changeKWh: r3(eb - ea),
        baselineMeanLevel: la,
        variantMeanLevel: lb,
        changeMeanLevel: r3(lb - la),
      },
    });
  }
  return {
    type: 'FeatureCollection',
    properties: {
      baseline: run.result.baseline.scenario,
      variant: run.result.variant.scenario,
      start: run.result.baseline.start,
      end: run.result.baseline.end,
      seed: run.result.baseline.seed,
      meanLevel: 'mean dim level (0–1) while lit on the first night, hourly samples',
    },
    features,
  };
}

/** Offers a file to the user (a download link clicked once). */
/** Saves text (one string, or chunks for a file too big to build as one) as a download. */
export function downloadText(fileName: string, text: string | readonly string[], mime: string): void {
  const url = URL.createObjectURL(new Blob(typeof text === 'string' ? [text] : [...text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadDataUrl(fileName: string, dataUrl: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}
