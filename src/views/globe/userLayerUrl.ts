// What the globe makes of a user-supplied layer URL (imagery template or 3D Tiles) and of a load
// failure (a short reason for the message); pure, so it is tested without Cesium.

export type UserLayerStatus =
  | { state: 'none' }
  | { state: 'loading' | 'shown'; url: string }
  | { state: 'failed'; url: string; message: string };

/** An imagery template has {z}, {x} and {y} (or {reverseY}); anything else is taken as a 3D Tiles tileset. */
export function userLayerKind(url: string): 'imagery' | 'tileset' {
  return /\{z\}/i.test(url) && /\{x\}/i.test(url) && /\{(reverseY|y)\}/i.test(url) ? 'imagery' : 'tileset';
}

/** A short reason from whatever Cesium or fetch threw (RequestErrorEvent, Error, Response status). */
export function failureMessage(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { statusCode?: number; message?: string; name?: string };
    if (typeof o.statusCode === 'number') return `HTTP ${o.statusCode}`;
    if (typeof o.message === 'string' && o.message) return o.message;
  }
  return typeof e === 'string' && e ? e : 'unreachable';
}
