// Roof triangulation of one footprint ring: a fan when convex, ear clipping otherwise; always
// writes exactly n − 2 triangles wound counter-clockwise in (x, y) so roofs face up.

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/**
 * Ring points [start, start + n) of `xy` (x,y pairs); `ccw` is the ring's orientation.
 * Writes vertex indices `vertexBase + k` into `out` from `at`; returns the next write position.
 */
export function triangulateRing(
  xy: ArrayLike<number>,
  start: number,
  n: number,
  ccw: boolean,
  vertexBase: number,
  out: Uint32Array,
  at: number,
): number {
  const px = (k: number) => xy[(start + k) * 2];
  const py = (k: number) => xy[(start + k) * 2 + 1];
  const sign = ccw ? 1 : -1;
  const emit = (a: number, b: number, c: number) => {
    if (ccw) {
      out[at++] = vertexBase + a;
      out[at++] = vertexBase + b;
      out[at++] = vertexBase + c;
    } else {
      out[at++] = vertexBase + a;
      out[at++] = vertexBase + c;
      out[at++] = vertexBase + b;
    }
  };

  let convex = true;
  for (let k = 0; k < n && convex; k++) {
    const a = k, b = (k + 1) % n, c = (k + 2) % n;
    if (sign * cross(px(a), py(a), px(b), py(b), px(c), py(c)) < 0) convex = false;
  }
  if (convex) {
    for (let k = 1; k < n - 1; k++) emit(0, k, k + 1);
    return at;
  }

  // Ear clipping, O(n²): footprints have few vertices.
  const ring: number[] = [];
  for (let k = 0; k < n; k++) ring.push(k);
  let guard = 0;
  let i = 0;
  while (ring.length > 3 && guard < n * n) {
    guard++;
    const m = ring.length;
    const a = ring[(i + m - 1) % m], b = ring[i % m], c = ring[(i + 1) % m];
    let ear = sign * cross(px(a), py(a), px(b), py(b), px(c), py(c)) > 0;
    for (let q = 0; ear && q < m; q++) {
      const p = ring[q];
      if (p === a || p === b || p === c) continue;
      const x = px(p), y = py(p);
      if (
        sign * cross(px(a), py(a), px(b), py(b), x, y) >= 0 &&
        sign * cross(px(b), py(b), px(c), py(c), x, y) >= 0 &&
        sign * cross(px(c), py(c), px(a), py(a), x, y) >= 0
      ) {
        ear = false;
      }
    }
    if (ear) {
      emit(a, b, c);
      ring.splice(i % m, 1);
      i = i % ring.length;
    } else {
      i = (i + 1) % m;
    }
  }
  // Degenerate or self-intersecting rings: fan what is left so the count stays n − 2.
  for (let k = 1; k < ring.length - 1; k++) emit(ring[0], ring[k], ring[k + 1]);
  return at;
}
