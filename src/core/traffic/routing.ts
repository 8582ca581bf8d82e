// Shortest travel-time routing: one reverse Dijkstra per destination zone gives, for every node,
// the next link towards that zone, so a vehicle needs only its destination to find its way.

import type { TrafficNetwork } from './network.ts';

/** Expected time lost at a signal and at a give-way line, added to a link's free-flow time (s). */
export const SIGNAL_PENALTY_S = 12;
export const YIELD_PENALTY_S = 3;

export interface RoutingTable {
  zoneNodes: Int32Array;
  /** nextLink[z * nodeCount + n]: the link to take from node n towards zone z, -1 when unreachable or arrived. */
  nextLink: Int32Array;
  /** Travel time (s) from node n to zone z along the route: costS[z * nodeCount + n] (Infinity if unreachable). */
  costS: Float32Array;
}

/** Cost of driving link l (free flow plus the expected loss at its end). */
export function linkCostS(net: TrafficNetwork, l: number): number {
  return net.freeFlowS[l] + (net.approachOfLink[l] >= 0 ? SIGNAL_PENALTY_S : net.yieldsAtEnd[l] ? YIELD_PENALTY_S : 0);
}

/** A binary min-heap of node indices keyed by cost, with typed arrays reused across searches. */
class NodeHeap {
  private keys: Float64Array;
  private items: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }
  push(item: number, key: number): void {
    if (this.size === this.items.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      const it = new Int32Array(this.size * 2);
      it.set(this.items);
      this.keys = k;
      this.items = it;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.keys[i] = this.keys[p];
      this.items[i] = this.items[p];
      i = p;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }
  /** Pops the smallest item; its key is left in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const top = this.items[0];
    this.lastKey = this.keys[0];
    const key = this.keys[--this.size];
    const item = this.items[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= key) break;
      this.keys[i] = this.keys[c];
      this.items[i] = this.items[c];
      i = c;
    }
    this.keys[i] = key;
    this.items[i] = item;
    return top;
  }
}

export function buildRoutingTable(net: TrafficNetwork, zoneNodes: ArrayLike<number>): RoutingTable {
  const N = net.nodeCount;
  const Z = zoneNodes.length;
  const table: RoutingTable = { zoneNodes: Int32Array.from(zoneNodes), nextLink: new Int32Array(Z * N), costS: new Float32Array(Z * N) };
  rebuildRoutes(net, table, net.freeFlowS);
  return table;
}

/** Recomputes every zone's next-link table in place from link times (s) plus the junction penalties. */
export function rebuildRoutes(net: TrafficNetwork, table: RoutingTable, linkTimeS: ArrayLike<number>): void {
  const N = net.nodeCount;
  const Z = table.zoneNodes.length;
  const zoneNodes = table.zoneNodes;
  const nextLink = table.nextLink;
  const costS = table.costS;
  nextLink.fill(-1);
  const dist = new Float64Array(N);
  const heap = new NodeHeap(1024);
  const cost = new Float64Array(net.linkCount);
  for (let l = 0; l < net.linkCount; l++) cost[l] = linkTimeS[l] + linkCostS(net, l) - net.freeFlowS[l];
  const from = net.city.links.fromNode;
  for (let z = 0; z < Z; z++) {
    const base = z * N;
    dist.fill(Infinity);
    const d = zoneNodes[z];
    dist[d] = 0;
    heap.size = 0;
    heap.push(d, 0);
    while (heap.size > 0) {
      const n = heap.pop();
      const dn = heap.lastKey;
      if (dn > dist[n]) continue;
      for (let k = net.inStart[n]; k < net.inStart[n + 1]; k++) {
        const l = net.inLinks[k];
        const m = from[l];
        const nd = dn + cost[l];
        if (nd < dist[m]) {
          dist[m] = nd;
          nextLink[base + m] = l;
          heap.push(m, nd);
        }
      }
    }
    for (let n = 0; n < N; n++) costS[base + n] = dist[n];
  }
}
