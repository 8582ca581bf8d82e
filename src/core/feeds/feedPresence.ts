// Presence detections from feeds: Streetlight motion counters (lifetimeMotionDetected) turned into
// detections on the lamp's road, filled during feed assimilation and read in the lighting phase.
// A composite PresenceSource: roads with a reporting detector use these, others the fallback model.

import type { CityModel } from '../city/model.ts';
import { pushDetection, type DetectionBuffer, type PresenceSource } from '../lighting/presence.ts';

/** A road's detector counts as reporting for a slot if it reported within this long before the slot or during it. */
export const DETECTOR_STALE_MS = 30 * 60_000;
/** Motions credited to one report at most (a counter jump beyond it is a reset or a fault, not passers-by). */
export const MAX_MOTIONS_PER_REPORT = 10_000;

interface LinkTimes {
  /** Sorted detection times (UTC ms). */
  detections: number[];
  /** Sorted report times of the road's detectors (UTC ms). */
  reports: number[];
}

/**
 * Motion reports become detections placed evenly between a lamp's previous report and this one,
 * never before the start of the report's own slot: that slot is not yet integrated when the report
 * is assimilated (feeds run before lighting), so the energy does not depend on how time is stepped.
 */
export class FeedPresence implements PresenceSource {
  private readonly lampLast = new Map<number, { timeMs: number; count: number }>();
  private readonly links = new Map<number, LinkTimes>();
  /** Detections credited from feeds, and reports ignored (older than the lamp's last one, or a counter reset). */
  detectionsRecorded = 0;
  reportsIgnored = 0;
  private forgottenBeforeMs = -Infinity;

  constructor(
    private readonly city: CityModel,
    /** Start of the lighting's first slot: slots are [slotOriginMs + k·slotMs, …). */
    private readonly slotOriginMs: number,
    private readonly slotMs: number,
    readonly fallback: PresenceSource,
  ) {}

  get source(): string {
    return `feed motion detectors where they report, else ${this.fallback.source}`;
  }

  /** Roads with a detector that ever reported. */
  get reportingRoads(): number {
    return this.links.size;
  }

  private linkTimes(link: number): LinkTimes {
    let l = this.links.get(link);
    if (!l) this.links.set(link, (l = { detections: [], reports: [] }));
    return l;
  }

  /** A lamp's cumulative motion counter at timeMs. */
  recordMotion(lamp: number, timeMs: number, lifetimeCount: number): void {
    const link = this.city.lamps.link[lamp];
    if (link < 0) return;
    const last = this.lampLast.get(lamp);
    if (last && timeMs <= last.timeMs) {
      this.reportsIgnored++;
      return;
    }
    this.lampLast.set(lamp, { timeMs, count: lifetimeCount });
    const l = this.linkTimes(link);
    insertSorted(l.reports, timeMs);
    if (!last) return; // the first report only sets the counter's origin
    const motions = lifetimeCount - last.count;
    if (motions <= 0 || motions > MAX_MOTIONS_PER_REPORT) {
      if (motions !== 0) this.reportsIgnored++;
      return;
    }
    const slotStart = this.slotOriginMs + Math.floor((timeMs - this.slotOriginMs) / this.slotMs) * this.slotMs;
    const from = Math.max(last.timeMs, slotStart);
    for (let k = 1; k <= motions; k++) insertSorted(l.detections, from + Math.ceil(((timeMs - from) * k) / motions));
    this.detectionsRecorded += motions;
  }

  /** Whether a detector of this road reported in [slotStartMs − DETECTOR_STALE_MS, slotStartMs + slotMs). */
  reporting(link: number, slotStartMs: number, slotMs: number): boolean {
    const l = this.links.get(link);
    if (!l) return false;
    const k = lowerBound(l.reports, slotStartMs - DETECTOR_STALE_MS);
    return k < l.reports.length && l.reports[k] < slotStartMs + slotMs;
  }

  detections(link: number, roadClass: number, lengthM: number, slotStartMs: number, slotMs: number, localHour: number, out: DetectionBuffer): void {
    if (!this.reporting(link, slotStartMs, slotMs)) {
      this.fallback.detections(link, roadClass, lengthM, slotStartMs, slotMs, localHour, out);
      return;
    }
    out.count = 0;
    const d = this.links.get(link)!.detections;
    const end = slotStartMs + slotMs;
    for (let k = lowerBound(d, slotStartMs); k < d.length && d[k] < end; k++) pushDetection(out, d[k]);
  }

  /** Releases detections and reports before tMs (slots the lighting has integrated and frames no longer show). */
  forgetBefore(tMs: number): void {
    if (tMs - this.forgottenBeforeMs < this.slotMs) return;
    this.forgottenBeforeMs = tMs;
    const keepReportsFrom = tMs - DETECTOR_STALE_MS;
    for (const [link, l] of this.links) {
      const a = lowerBound(l.detections, tMs);
      if (a > 0) l.detections.splice(0, a);
      const b = lowerBound(l.reports, keepReportsFrom);
      // The last report is kept: it tells a later slot whether the detector is still fresh.
      if (b > 0) l.reports.splice(0, Math.min(b, l.reports.length - 1));
      if (l.detections.length === 0 && l.reports.length === 1 && l.reports[0] < keepReportsFrom) this.links.delete(link);
    }
  }

  /** Detections held (for the bounded-memory tests). */
  get heldDetections(): number {
    let n = 0;
    for (const l of this.links.values()) n += l.detections.length;
    return n;
  }

  clear(): void {
    this.lampLast.clear();
    this.links.clear();
    this.detectionsRecorded = 0;
    this.reportsIgnored = 0;
    this.forgottenBeforeMs = -Infinity;
  }
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(a: number[], x: number): void {
  if (a.length === 0 || a[a.length - 1] <= x) a.push(x);
  else a.splice(lowerBound(a, x + 1), 0, x);
}
