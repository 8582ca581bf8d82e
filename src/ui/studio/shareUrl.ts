// Sharing a scenario by URL: its JSON deflated (fflate) and base64url-encoded in the hash
// (`#scenario=…`), bounded both ways; what comes back is validated like a file before use.

import { deflateSync, Inflate, strToU8 } from 'fflate';

export const SHARE_HASH_KEY = 'scenario';
/** Longest encoded scenario a link carries (characters): links stay pasteable in mail and chat. */
export const MAX_SHARE_CHARS = 16_000;
/** Largest scenario JSON a link may inflate to (bytes); a deflate bomb stops here. */
export const MAX_SHARE_JSON_BYTES = 256 * 1024;

export class ShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareError';
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The hash fragment (without `#`) that carries `json`; throws ShareError when it would be too long. */
export function encodeShareHash(json: string): string {
  const bytes = strToU8(json);
  if (bytes.length > MAX_SHARE_JSON_BYTES) throw new ShareError(`the scenario is ${bytes.length} bytes, more than a link carries (${MAX_SHARE_JSON_BYTES}); save it as a file instead`);
  const encoded = toBase64Url(deflateSync(bytes, { level: 9 }));
  if (encoded.length > MAX_SHARE_CHARS) throw new ShareError(`the link would be ${encoded.length} characters, more than ${MAX_SHARE_CHARS}; save the scenario as a file instead`);
  return `${SHARE_HASH_KEY}=${encoded}`;
}

/** Inflates at most `max` bytes, pushing small chunks so a bomb is stopped early. */
function boundedInflate(compressed: Uint8Array, max: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > max) throw new ShareError(`the link's scenario inflates to more than ${max} bytes`);
    parts.push(chunk);
    if (final) ended = true;
  });
  const CHUNK = 1024;
  try {
    for (let i = 0; i < compressed.length; i += CHUNK) inflater.push(compressed.subarray(i, i + CHUNK), i + CHUNK >= compressed.length);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError(`the link's scenario is not valid deflate data (${(e as Error).message})`);
  }
  if (!ended) throw new ShareError('the link is cut short: its scenario data ends early');
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * The scenario JSON text a hash carries, null when the hash has none; a hash that is too long,
 * not base64url, not deflate, too large once inflated or not UTF-8 throws ShareError.
 * The text is not yet a valid scenario: parse it like a file.
 */
export function decodeShareHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const prefix = `${SHARE_HASH_KEY}=`;
  const part = h.split('&').find((p) => p.startsWith(prefix));
  if (part === undefined) return null;
  const data = part.slice(prefix.length);
  if (data.length > MAX_SHARE_CHARS) throw new ShareError(`the link's scenario is ${data.length} characters, more than ${MAX_SHARE_CHARS}`);
  if (!/^[A-Za-z0-9_-]*$/.test(data) || data.length % 4 === 1) throw new ShareError("the link's scenario is not base64url text");
  if (data.length === 0) throw new ShareError("the link's scenario is empty");
  const json = boundedInflate(fromBase64Url(data), MAX_SHARE_JSON_BYTES);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new ShareError("the link's scenario is not UTF-8 text");
  }
}

/** A page URL with the scenario in its hash (other hash parts dropped). */
export function shareUrl(pageUrl: string, json: string): string {
  const u = new URL(pageUrl);
  u.hash = encodeShareHash(json);
  return u.href;
}
