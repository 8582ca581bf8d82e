// A tiny OSM PBF writer for tests: dense nodes, ways and relations in one zlib blob, so the
// PBF reader is exercised without external tools (the real-file test uses osmium-tool).

import { zlibSync } from 'fflate';

class Writer {
  private bytes: number[] = [];
  varint(v: number): this {
    let n = v;
    while (n >= 128) {
      this.bytes.push((n % 128) | 128);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
    return this;
  }
  svarint(v: number): this {
    return this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  key(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }
  uint(field: number, v: number): this {
    return this.key(field, 0).varint(v);
  }
  sint(field: number, v: number): this {
    return this.key(field, 0).svarint(v);
  }
  bytesField(field: number, b: Uint8Array | number[]): this {
    this.key(field, 2).varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }
  message(field: number, w: Writer): this {
    return this.bytesField(field, w.finish());
  }
  packed(field: number, values: number[], signed: boolean): this {
    const w = new Writer();
    for (const v of values) (signed ? w.svarint(v) : w.varint(v));
    return this.bytesField(field, w.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export interface PbfNode { id: number; lon: number; lat: number; tags?: Record<string, string> }
export interface PbfWay { id: number; refs: number[]; tags?: Record<string, string> }
export interface PbfRelation { id: number; members: { type: 0 | 1 | 2; ref: number; role: string }[]; tags?: Record<string, string> }

/**
 * One blob (header length, BlobHeader, Blob) holding `data` zlib-compressed; `rawSize` and
 * `zlib` override what the Blob claims and holds, to craft hostile files.
 */
export function pbfBlob(type: string, data: Uint8Array, rawSize = data.length, zlib = zlibSync(data)): Uint8Array {
  const b = new Writer().uint(2, rawSize).bytesField(3, zlib).finish();
  const header = new Writer().string(1, type).uint(3, b.length).finish();
  const out = new Uint8Array(4 + header.length + b.length);
  new DataView(out.buffer).setUint32(0, header.length, false);
  out.set(header, 4);
  out.set(b, 4 + header.length);
  return out;
}

/** An OSMHeader blob listing the required features. */
export function pbfHeaderBlob(requiredFeatures = ['OsmSchema-V0.6', 'DenseNodes']): Uint8Array {
  const headerBlock = new Writer();
  for (const f of requiredFeatures) headerBlock.string(4, f);
  return pbfBlob('OSMHeader', headerBlock.finish());
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function writePbf(nodes: PbfNode[], ways: PbfWay[], relations: PbfRelation[] = [], requiredFeatures = ['OsmSchema-V0.6', 'DenseNodes']): Uint8Array {
  const strings = [''];
  const sid = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const dense = new Writer();
  const ids: number[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const kv: number[] = [];
  let pid = 0;
  let plat = 0;
  let plon = 0;
  for (const n of nodes) {
    const lat = Math.round(n.lat * 1e7);
    const lon = Math.round(n.lon * 1e7);
    ids.push(n.id - pid);
    lats.push(lat - plat);
    lons.push(lon - plon);
    pid = n.id;
    plat = lat;
    plon = lon;
    for (const [k, v] of Object.entries(n.tags ?? {})) kv.push(sid(k), sid(v));
    kv.push(0);
  }
  dense.packed(1, ids, true).packed(8, lats, true).packed(9, lons, true).packed(10, kv, false);
  const nodeGroup = new Writer().message(2, dense);

  const wayGroup = new Writer();
  for (const w of ways) {
    const m = new Writer().uint(1, w.id);
    const tags = Object.entries(w.tags ?? {});
    m.packed(2, tags.map(([k]) => sid(k)), false).packed(3, tags.map(([, v]) => sid(v)), false);
    let prev = 0;
    m.packed(8, w.refs.map((r) => { const d = r - prev; prev = r; return d; }), true);
    wayGroup.message(3, m);
  }
  const relGroup = new Writer();
  for (const r of relations) {
    const m = new Writer().uint(1, r.id);
    const tags = Object.entries(r.tags ?? {});
    m.packed(2, tags.map(([k]) => sid(k)), false).packed(3, tags.map(([, v]) => sid(v)), false);
    let prev = 0;
    m.packed(8, r.members.map((x) => sid(x.role)), false);
    m.packed(9, r.members.map((x) => { const d = x.ref - prev; prev = x.ref; return d; }), true);
    m.packed(10, r.members.map((x) => x.type), false);
    relGroup.message(4, m);
  }
  const table = new Writer();
  for (const s of strings) table.string(1, s);
  const block = new Writer().message(1, table).message(2, nodeGroup).message(2, wayGroup);
  if (relations.length) block.message(2, relGroup);
  block.uint(17, 100);

  return concatBytes([pbfHeaderBlob(requiredFeatures), pbfBlob('OSMData', block.finish())]);
}
