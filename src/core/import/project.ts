// From degrees to the city frame: picks the frame origin (centre of the roads' bounding box),
// projects everything in place, drops points far outside the road network, sizes communes.

import type { CityFrame } from '../city/model.ts';
import type { BuildingInput, CommuneInput, LampInput, RoadInput, SignalInput } from '../city/builderInput.ts';
import { makeProjection, type Projection } from '../geo/projection.ts';
import type { ImportReport } from './report.ts';
import type { RawCity } from './raw.ts';

export interface LonLatBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface ProjectedInputs {
  roads: RoadInput[];
  signals: SignalInput[];
  lamps: LampInput[];
  buildings: BuildingInput[];
  communes: CommuneInput[];
}

function emptyBox(): LonLatBox {
  return { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
}

function growBox(b: LonLatBox, lonLat: ArrayLike<number>): void {
  for (let i = 0; i + 1 < lonLat.length; i += 2) {
    const lon = lonLat[i];
    const lat = lonLat[i + 1];
    if (lon < b.minLon) b.minLon = lon;
    if (lon > b.maxLon) b.maxLon = lon;
    if (lat < b.minLat) b.minLat = lat;
    if (lat > b.maxLat) b.maxLat = lat;
  }
}

/** Bounding box of the roads, or of every point when there are no roads; null when empty. */
export function bboxOf(raw: RawCity): LonLatBox | null {
  const b = emptyBox();
  for (const r of raw.roads) growBox(b, r.lonLat);
  if (b.minLon > b.maxLon) {
    for (const p of [...raw.signals, ...raw.lamps]) growBox(b, [p.lon, p.lat]);
    for (const x of raw.buildings) growBox(b, x.lonLat);
    for (const c of raw.communes) for (const ring of c.outerRings) growBox(b, ring);
  }
  return b.minLon <= b.maxLon ? b : null;
}

/** The frame origin: the centre of the box, rounded to 1e-7° so it prints cleanly. */
export function frameOf(box: LonLatBox): CityFrame {
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  return { originLat: round((box.minLat + box.maxLat) / 2), originLon: round((box.minLon + box.maxLon) / 2) };
}

function projectInPlace(p: Projection, lonLat: Float64Array): Float64Array {
  for (let i = 0; i + 1 < lonLat.length; i += 2) {
    const [x, y] = p.toXY(lonLat[i], lonLat[i + 1]);
    lonLat[i] = x;
    lonLat[i + 1] = y;
  }
  return lonLat;
}

/** Signed area (m²) and centroid of an open ring of x,y pairs. */
export function ringAreaCentroid(xy: ArrayLike<number>): { areaM2: number; cx: number; cy: number } {
  const n = Math.floor(xy.length / 2);
  let a = 0;
  let cx = 0;
  let cy = 0;
  // relative to the first point, for precision
  const x0 = xy[0];
  const y0 = xy[1];
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const xi = xy[2 * i] - x0;
    const yi = xy[2 * i + 1] - y0;
    const xj = xy[2 * j] - x0;
    const yj = xy[2 * j + 1] - y0;
    const cross = xi * yj - xj * yi;
    a += cross;
    cx += (xi + xj) * cross;
    cy += (yi + yj) * cross;
  }
  a /= 2;
  if (Math.abs(a) < 1e-9) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += xy[2 * i];
      sy += xy[2 * i + 1];
    }
    return { areaM2: 0, cx: n ? sx / n : x0, cy: n ? sy / n : y0 };
  }
  return { areaM2: a, cx: x0 + cx / (6 * a), cy: y0 + cy / (6 * a) };
}

/**
 * Projects a parsed city into the frame (mutating its coordinate arrays). Points, buildings
 * and communes further than marginM outside the roads' box are dropped and counted.
 */
export function projectRawCity(raw: RawCity, frame: CityFrame, report: ImportReport, marginM: number): ProjectedInputs {
  const p = makeProjection(frame);
  const roadBox = emptyBox();
  for (const r of raw.roads) growBox(roadBox, r.lonLat);
  const hasRoads = roadBox.minLon <= roadBox.maxLon;
  const dLon = marginM / p.mPerDegLon;
  const dLat = marginM / p.mPerDegLat;
  const inside = (lon: number, lat: number) =>
    !hasRoads || (lon >= roadBox.minLon - dLon && lon <= roadBox.maxLon + dLon && lat >= roadBox.minLat - dLat && lat <= roadBox.maxLat + dLat);

  const roads: RoadInput[] = raw.roads.map(({ lonLat, ...attrs }) => ({ ...attrs, xyM: projectInPlace(p, lonLat) }));

  const signals: SignalInput[] = [];
  for (const { lon, lat, ...rest } of raw.signals) {
    if (!inside(lon, lat)) {
      report.add('signalsSkippedOutsideRoadArea');
      continue;
    }
    const [xM, yM] = p.toXY(lon, lat);
    signals.push({ ...rest, xM, yM });
  }
  const lamps: LampInput[] = [];
  for (const { lon, lat, ...rest } of raw.lamps) {
    if (!inside(lon, lat)) {
      report.add('lampsSkippedOutsideRoadArea');
      continue;
    }
    const [xM, yM] = p.toXY(lon, lat);
    lamps.push({ ...rest, xM, yM });
  }
  const buildings: BuildingInput[] = [];
  for (const { lonLat, ...rest } of raw.buildings) {
    if (!inside(lonLat[0], lonLat[1])) {
      report.add('buildingsSkippedOutsideRoadArea');
      continue;
    }
    buildings.push({ ...rest, ringXYM: projectInPlace(p, lonLat) });
  }
  const communes: CommuneInput[] = [];
  for (const c of raw.communes) {
    const box = emptyBox();
    for (const ring of c.outerRings) growBox(box, ring);
    const overlaps = !hasRoads || !(box.maxLon < roadBox.minLon - dLon || box.minLon > roadBox.maxLon + dLon || box.maxLat < roadBox.minLat - dLat || box.minLat > roadBox.maxLat + dLat);
    if (!overlaps) {
      report.add('communesSkippedOutsideRoadArea');
      continue;
    }
    let areaSum = 0;
    let cxSum = 0;
    let cySum = 0;
    let largest: Float64Array | null = null;
    let largestArea = -1;
    for (const ring of c.outerRings) {
      const xy = projectInPlace(p, ring);
      const { areaM2, cx, cy } = ringAreaCentroid(xy);
      const a = Math.abs(areaM2);
      areaSum += a;
      cxSum += a * cx;
      cySum += a * cy;
      if (a > largestArea) {
        largestArea = a;
        largest = xy;
      }
    }
    for (const hole of c.holes) {
      const { areaM2, cx, cy } = ringAreaCentroid(projectInPlace(p, hole));
      const a = Math.abs(areaM2);
      areaSum -= a;
      cxSum -= a * cx;
      cySum -= a * cy;
    }
    const centre = areaSum > 0 ? [cxSum / areaSum, cySum / areaSum] : (() => {
      const r = ringAreaCentroid(largest!);
      return [r.cx, r.cy];
    })();
    communes.push({ name: c.name, inseeCode: c.inseeCode, population: c.population, centreXM: centre[0], centreYM: centre[1], ringXYM: largest! });
  }
  return { roads, signals, lamps, buildings, communes };
}
