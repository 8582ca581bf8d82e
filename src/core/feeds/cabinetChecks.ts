// Cabinet meters against the model: StreetlightControlCabinet readings (energyConsumed, or
// totalActivePower integrated) compared with the modelled energy of the cabinet's lamps over the
// same window; fed during feed assimilation, sampled as the lighting phase commits each slot.

import type { CityModel } from '../city/model.ts';
import { cabinetExternalId } from '../city/entityIds.ts';
import { lampSetEnergyKWh, SLOT_MS, type LightingAccumulators, type LightingModel } from '../lighting/lightingSim.ts';
import type { CabinetObservation } from './observations.ts';

export interface CabinetCheckOptions {
  /** A cabinet is flagged when |measured − modelled| exceeds this share of the modelled energy… */
  toleranceShare: number;
  /** …and this many kWh (small windows and dark cabinets are not flagged on noise). */
  minDeviationKWh: number;
  /** Shortest window compared (ms). */
  minWindowMs: number;
}

/** Stated defaults: meters are class 1–2 (±2 %), the model is not the installation: 15 % is a fault, not noise. */
export const DEFAULT_CABINET_CHECK: CabinetCheckOptions = { toleranceShare: 0.15, minDeviationKWh: 0.5, minWindowMs: 3_600_000 };

export interface CabinetCheck {
  id: string;
  fromMs: number;
  toMs: number;
  measuredKWh: number;
  modelledKWh: number;
  /** (measured − modelled) / modelled; null when nothing was modelled. */
  deviationShare: number | null;
  flagged: boolean;
}

export interface CabinetChecksSummary {
  /** Cabinets whose meter covers at least one window long enough to compare. */
  checked: number;
  flagged: number;
  toleranceShare: number;
  minDeviationKWh: number;
  /** Flagged cabinets' ids, worst first (at most 10). */
  worstIds: string[];
  worst: CabinetCheck[];
}

interface Matched {
  timeMs: number;
  measuredKWh: number;
  modelledKWh: number;
}

interface Meter {
  /** Recent readings (cumulative kWh), increasing time; older ones are released once matched. */
  readingTimeMs: number[];
  readingKWh: number[];
  /** Last power reading (for meters that report only totalActivePower). */
  lastPowerKW: number | null;
  /** Slot boundaries after the first reading waiting for a reading after them: time and modelled cumulative kWh. */
  pendingTimeMs: number[];
  pendingModelKWh: number[];
  /** The last slot boundary sampled (−∞ before any). */
  sampledUntilMs: number;
  first: Matched | null;
  last: Matched | null;
}

/** Boundaries a silent meter may leave waiting before the oldest are given up (two days of slots). */
const MAX_PENDING = 48;

export class CabinetChecks {
  readonly options: CabinetCheckOptions;
  private readonly meters = new Map<number, Meter>();
  /** Lamps of each cabinet (CSR: lamps[start[c] … start[c + 1])). */
  private readonly start: Uint32Array;
  private readonly lamps: Uint32Array;
  readingsIgnored = 0;

  constructor(
    private readonly city: CityModel,
    private readonly model: LightingModel,
    options: Partial<CabinetCheckOptions> = {},
  ) {
    this.options = { ...DEFAULT_CABINET_CHECK, ...options };
    const n = city.cabinets.count;
    const count = new Uint32Array(n + 1);
    for (let i = 0; i < city.lamps.count; i++) count[city.lamps.cabinet[i] + 1]++;
    for (let c = 0; c < n; c++) count[c + 1] += count[c];
    this.start = count.slice();
    const fill = count.slice();
    this.lamps = new Uint32Array(city.lamps.count);
    for (let i = 0; i < city.lamps.count; i++) this.lamps[fill[city.lamps.cabinet[i]]++] = i;
  }

  get meteredCabinets(): number {
    return this.meters.size;
  }

  /** A cabinet reading; readings older than the cabinet's last are ignored (counted). */
  record(o: CabinetObservation): void {
    let m = this.meters.get(o.cabinet);
    if (!m) {
      if (o.energyConsumedKWh === undefined && o.totalActivePowerKW === undefined) return;
      this.meters.set(o.cabinet, (m = { readingTimeMs: [], readingKWh: [], lastPowerKW: null, pendingTimeMs: [], pendingModelKWh: [], sampledUntilMs: -Infinity, first: null, last: null }));
    }
    const n = m.readingTimeMs.length;
    const lastT = n ? m.readingTimeMs[n - 1] : -Infinity;
    if (o.timeMs <= lastT) {
      this.readingsIgnored++;
      return;
    }
    let kwh: number;
    if (o.energyConsumedKWh !== undefined) kwh = o.energyConsumedKWh;
    else if (o.totalActivePowerKW !== undefined) {
      // A power meter: energy by the trapezoid between readings (its own cumulative counter from 0).
      const prevP = m.lastPowerKW;
      kwh = n && prevP !== null ? m.readingKWh[n - 1] + ((prevP + o.totalActivePowerKW) / 2) * ((o.timeMs - lastT) / 3_600_000) : 0;
      m.lastPowerKW = o.totalActivePowerKW;
    } else return;
    if (n && kwh < m.readingKWh[n - 1] - 1e-9) {
      // The counter went back (meter replaced or reset): compare afresh from here.
      m.readingTimeMs.length = m.readingKWh.length = 0;
      m.pendingTimeMs.length = m.pendingModelKWh.length = 0;
      m.sampledUntilMs = -Infinity;
      m.first = m.last = null;
    }
    m.readingTimeMs.push(o.timeMs);
    m.readingKWh.push(kwh);
    this.match(m);
  }

  /** The lighting committed a slot: sample the modelled cumulative energy of every metered cabinet at its end. */
  slotCommitted(slot: number, acc: LightingAccumulators): void {
    if (this.meters.size === 0) return;
    const boundaryMs = this.model.startMs + (slot + 1) * SLOT_MS;
    for (const [c, m] of this.meters) {
      if (m.readingTimeMs.length === 0 || boundaryMs < m.readingTimeMs[0]) continue;
      if (boundaryMs <= m.sampledUntilMs) continue; // a rewound world committing a boundary again
      m.sampledUntilMs = boundaryMs;
      m.pendingTimeMs.push(boundaryMs);
      m.pendingModelKWh.push(lampSetEnergyKWh(this.model, acc, this.lamps, this.start[c], this.start[c + 1]));
      if (m.pendingTimeMs.length > MAX_PENDING) {
        m.pendingTimeMs.shift();
        m.pendingModelKWh.shift();
      }
      this.match(m);
    }
  }

  /** Pairs waiting boundaries with the measured energy there (interpolated between the readings around it). */
  private match(m: Meter): void {
    const t = m.readingTimeMs;
    while (m.pendingTimeMs.length) {
      const b = m.pendingTimeMs[0];
      let k = 0;
      while (k < t.length && t[k] < b) k++;
      if (k === t.length) break; // no reading at or after the boundary yet
      let measured: number;
      if (t[k] === b) measured = m.readingKWh[k];
      else if (k === 0) measured = NaN; // before the first reading: nothing to compare
      else measured = m.readingKWh[k - 1] + ((m.readingKWh[k] - m.readingKWh[k - 1]) * (b - t[k - 1])) / (t[k] - t[k - 1]);
      const modelled = m.pendingModelKWh[0];
      m.pendingTimeMs.shift();
      m.pendingModelKWh.shift();
      if (!Number.isFinite(measured)) continue;
      const point = { timeMs: b, measuredKWh: measured, modelledKWh: modelled };
      if (!m.first) m.first = point;
      else m.last = point;
    }
    // Readings before the one preceding the oldest waiting (or the next) boundary are no longer needed.
    const keepFrom = m.pendingTimeMs.length ? m.pendingTimeMs[0] : m.sampledUntilMs + SLOT_MS;
    let drop = 0;
    while (drop + 1 < t.length && t[drop + 1] <= keepFrom) drop++;
    if (drop > 0) {
      t.splice(0, drop);
      m.readingKWh.splice(0, drop);
    }
  }

  check(c: number): CabinetCheck | null {
    const m = this.meters.get(c);
    if (!m || !m.first || !m.last || m.last.timeMs - m.first.timeMs < this.options.minWindowMs) return null;
    const measuredKWh = m.last.measuredKWh - m.first.measuredKWh;
    const modelledKWh = m.last.modelledKWh - m.first.modelledKWh;
    const dev = measuredKWh - modelledKWh;
    const flagged = Math.abs(dev) > Math.max(this.options.toleranceShare * Math.abs(modelledKWh), this.options.minDeviationKWh);
    return {
      id: cabinetExternalId(c),
      fromMs: m.first.timeMs,
      toMs: m.last.timeMs,
      measuredKWh: round(measuredKWh, 3),
      modelledKWh: round(modelledKWh, 3),
      deviationShare: modelledKWh > 0 ? round(dev / modelledKWh, 4) : null,
      flagged,
    };
  }

  /** Every cabinet whose window is long enough, in cabinet order. */
  checks(): CabinetCheck[] {
    const out: CabinetCheck[] = [];
    for (const c of [...this.meters.keys()].sort((a, b) => a - b)) {
      const r = this.check(c);
      if (r) out.push(r);
    }
    return out;
  }

  summary(): CabinetChecksSummary {
    const all = this.checks();
    const flagged = all.filter((r) => r.flagged);
    const severity = (r: CabinetCheck) => (r.deviationShare === null ? Infinity : Math.abs(r.deviationShare));
    const worst = flagged.sort((a, b) => severity(b) - severity(a) || a.id.localeCompare(b.id)).slice(0, 10);
    return {
      checked: all.length,
      flagged: flagged.length,
      toleranceShare: this.options.toleranceShare,
      minDeviationKWh: this.options.minDeviationKWh,
      worstIds: worst.map((r) => r.id),
      worst,
    };
  }

  clear(): void {
    this.meters.clear();
    this.readingsIgnored = 0;
  }

  /** The meters' state, structured-cloneable (part of a world snapshot). */
  snapshot(): CabinetChecksState {
    return {
      readingsIgnored: this.readingsIgnored,
      meters: [...this.meters].map(([cabinet, m]) => ({
        cabinet,
        ...m,
        readingTimeMs: m.readingTimeMs.slice(),
        readingKWh: m.readingKWh.slice(),
        pendingTimeMs: m.pendingTimeMs.slice(),
        pendingModelKWh: m.pendingModelKWh.slice(),
        first: m.first && { ...m.first },
        last: m.last && { ...m.last },
      })),
    };
  }

  restore(state: CabinetChecksState): void {
    this.clear();
    this.readingsIgnored = state.readingsIgnored;
    for (const { cabinet, ...m } of state.meters) {
      this.meters.set(cabinet, {
        ...m,
        readingTimeMs: m.readingTimeMs.slice(),
        readingKWh: m.readingKWh.slice(),
        pendingTimeMs: m.pendingTimeMs.slice(),
        pendingModelKWh: m.pendingModelKWh.slice(),
        first: m.first && { ...m.first },
        last: m.last && { ...m.last },
      });
    }
  }
}

export interface CabinetChecksState {
  readingsIgnored: number;
  meters: (Meter & { cabinet: number })[];
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
