// Collects OSM elements from either reader (XML or PBF) and resolves them into raw roads,
// signals, lamps and buildings once every node is known, whatever order the file uses.

import { ImportError, type ImportLimits } from './limits.ts';
import type { ImportReport } from './report.ts';
import type { RawBuilding, RawCity, RawLamp, RawRoad, RawSignal, RoadAttributes } from './raw.ts';
import { emptyRawCity, openRing, validLonLat } from './raw.ts';
import {
  buildingFromOsmTags, isTrafficSignalNode, lampFromOsmTags, roadFromOsmTags,
  type BuildingAttributes, type OsmTags,
} from './osmTags.ts';

export interface OsmMember {
  type: 'node' | 'way' | 'relation';
  ref: number;
  role: string;
}

interface PendingWay {
  id: number;
  refs: Float64Array;
  road: RoadAttributes | null;
  building: BuildingAttributes | null;
}

interface PendingRelation {
  id: number;
  outerWays: number[];
  building: BuildingAttributes;
}

/** Outer ways a building multipolygon may have before it is skipped as unreasonable. */
const MAX_RELATION_OUTER_WAYS = 2000;

export class OsmCollector {
  private nodeIds = new Float64Array(4096);
  private nodeLonLat = new Float64Array(8192);
  private nodeCount = 0;
  private nodesSorted = true;
  private nodeIndex: Map<number, number> | null = null;
  private readonly ways: PendingWay[] = [];
  /** Untagged ways: possible outer members of building multipolygons. */
  private readonly memberWays = new Map<number, Float64Array>();
  private readonly relations: PendingRelation[] = [];
  private readonly signals: RawSignal[] = [];
  private readonly lamps: RawLamp[] = [];
  private elements = 0;

  constructor(
    private readonly file: string,
    private readonly limits: ImportLimits,
    private readonly report: ImportReport,
  ) {}

  private countElement(kind: string, id: number): void {
    if (++this.elements > this.limits.maxElements) {
      throw new ImportError(`more than ${this.limits.maxElements} OSM elements (limit maxElements)`, { file: this.file, element: `${kind} ${id}` });
    }
  }

  addNode(id: number, lon: number, lat: number, tags: OsmTags | null): void {
    this.countElement('node', id);
    this.report.add('osmNodes');
    if (!Number.isSafeInteger(id) || !validLonLat(lon, lat)) {
      this.report.skip('osmNodesSkippedBadCoordinate', id);
      return;
    }
    if (this.nodeCount === this.nodeIds.length) {
      const ids = new Float64Array(this.nodeIds.length * 2);
      ids.set(this.nodeIds);
      this.nodeIds = ids;
      const ll = new Float64Array(this.nodeLonLat.length * 2);
      ll.set(this.nodeLonLat);
      this.nodeLonLat = ll;
    }
    if (this.nodeCount > 0 && id <= this.nodeIds[this.nodeCount - 1]) this.nodesSorted = false;
    this.nodeIds[this.nodeCount] = id;
    this.nodeLonLat[2 * this.nodeCount] = lon;
    this.nodeLonLat[2 * this.nodeCount + 1] = lat;
    this.nodeCount++;
    if (!tags || tags.size === 0) return;
    if (isTrafficSignalNode(tags)) {
      this.report.add('osmTrafficSignalNodes');
      this.signals.push({ lon, lat, vertexKey: id, externalId: `osm:node/${id}` });
    } else if (tags.get('crossing') === 'traffic_signals') {
      this.report.add('osmCrossingSignalNodesNotImported');
    }
    if (tags.get('highway') === 'street_lamp') {
      this.report.add('osmStreetLampNodes');
      this.lamps.push({ lon, lat, ...lampFromOsmTags(tags, id) });
    }
  }

  addWay(id: number, refs: ArrayLike<number>, tags: OsmTags | null): void {
    this.countElement('way', id);
    this.report.add('osmWays');
    if (!tags || tags.size === 0) {
      this.memberWays.set(id, Float64Array.from(refs));
      return;
    }
    const road = roadFromOsmTags(tags, this.report, id);
    const building = road ? null : buildingFromOsmTags(tags, this.report);
    if (road || building) this.ways.push({ id, refs: Float64Array.from(refs), road, building });
  }

  addRelation(id: number, members: readonly OsmMember[], tags: OsmTags | null): void {
    this.countElement('relation', id);
    this.report.add('osmRelations');
    if (!tags || tags.get('type') !== 'multipolygon') return;
    const building = buildingFromOsmTags(tags, this.report);
    if (!building) return;
    const outerWays: number[] = [];
    for (const m of members) if (m.type === 'way' && (m.role === 'outer' || m.role === '')) outerWays.push(m.ref);
    if (outerWays.length === 0 || outerWays.length > MAX_RELATION_OUTER_WAYS) {
      this.report.skip('buildingRelationsSkippedOuterWays', id);
      return;
    }
    this.relations.push({ id, outerWays, building });
  }

  private lookup(id: number): number {
    if (!this.nodesSorted) {
      if (!this.nodeIndex) {
        this.nodeIndex = new Map();
        for (let i = 0; i < this.nodeCount; i++) this.nodeIndex.set(this.nodeIds[i], i);
      }
      return this.nodeIndex.get(id) ?? -1;
    }
    let lo = 0;
    let hi = this.nodeCount - 1;
    const ids = this.nodeIds;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Coordinates of the refs that exist; `missing` counts the others. */
  private resolve(refs: Float64Array): { lonLat: Float64Array; keys: Float64Array; missing: number } {
    const lonLat = new Float64Array(refs.length * 2);
    const keys = new Float64Array(refs.length);
    let n = 0;
    for (let i = 0; i < refs.length; i++) {
      const k = this.lookup(refs[i]);
      if (k < 0) continue;
      lonLat[2 * n] = this.nodeLonLat[2 * k];
      lonLat[2 * n + 1] = this.nodeLonLat[2 * k + 1];
      keys[n++] = refs[i];
    }
    return { lonLat: lonLat.subarray(0, 2 * n), keys: keys.subarray(0, n), missing: refs.length - n };
  }

  finish(): RawCity {
    const out = emptyRawCity();
    out.signals = this.signals;
    out.lamps = this.lamps;
    for (const w of this.ways) {
      const { lonLat, keys, missing } = this.resolve(w.refs);
      if (w.road) {
        if (keys.length < 2) {
          this.report.skip('roadsSkippedMissingNodes', w.id);
          continue;
        }
        if (missing > 0) this.report.skip('roadsWithMissingNodesDropped', w.id);
        const road: RawRoad = { ...w.road, lonLat, vertexKeys: keys };
        out.roads.push(road);
        this.report.add('roadsAccepted');
      } else if (w.building) {
        const closed = w.refs.length >= 4 && w.refs[0] === w.refs[w.refs.length - 1];
        if (!closed) {
          this.report.skip('buildingsSkippedNotClosed', w.id);
          continue;
        }
        const ring = openRing(lonLat);
        if (missing > 0 || ring.length < 6) {
          this.report.skip('buildingsSkippedMissingNodes', w.id);
          continue;
        }
        out.buildings.push({ ...w.building, lonLat: ring });
        this.report.add('buildingsAccepted');
      }
    }
    if (this.relations.length) {
      const buildingWays = new Map<number, Float64Array>();
      for (const w of this.ways) if (w.building) buildingWays.set(w.id, w.refs);
      for (const r of this.relations) this.resolveBuildingRelation(r, buildingWays, out.buildings);
    }
    return out;
  }

  /** Joins the outer ways of a building multipolygon into closed rings, one building each. */
  private resolveBuildingRelation(r: PendingRelation, buildingWays: Map<number, Float64Array>, buildings: RawBuilding[]): void {
    const pieces: number[][] = [];
    for (const wayId of r.outerWays) {
      const refs = this.memberWays.get(wayId) ?? buildingWays.get(wayId);
      if (!refs || refs.length < 2) {
        this.report.skip('buildingRelationsSkippedMissingWays', r.id);
        return;
      }
      pieces.push(Array.from(refs));
    }
    const rings: number[][] = [];
    while (pieces.length) {
      const ring = pieces.pop()!;
      while (ring[0] !== ring[ring.length - 1]) {
        const end = ring[ring.length - 1];
        const k = pieces.findIndex((p) => p[0] === end || p[p.length - 1] === end);
        if (k < 0) {
          this.report.skip('buildingRelationsSkippedOpenRing', r.id);
          return;
        }
        const next = pieces.splice(k, 1)[0];
        if (next[0] !== end) next.reverse();
        for (let i = 1; i < next.length; i++) ring.push(next[i]);
      }
      rings.push(ring);
    }
    for (const ring of rings) {
      const { lonLat, missing } = this.resolve(Float64Array.from(ring));
      const open = openRing(lonLat);
      if (missing > 0 || open.length < 6) {
        this.report.skip('buildingRelationsSkippedMissingNodes', r.id);
        continue;
      }
      buildings.push({ ...r.building, lonLat: open });
      this.report.add('buildingsAccepted');
      this.report.add('buildingsFromRelations');
    }
  }
}
