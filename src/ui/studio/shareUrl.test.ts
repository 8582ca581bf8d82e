import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../../testing/sharedData.ts';
import { parseScenarioText } from '../../core/scenario/parse.ts';
import { MAX_SHARE_CHARS, MAX_SHARE_JSON_BYTES, ShareError, decodeShareHash, encodeShareHash, shareUrl } from './shareUrl.ts';

const text = readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-today.scenario.json'), 'utf8');
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('sharing a scenario by URL', () => {
  it('round-trips a scenario through the hash, compressed', () => {
    const draft = parseScenarioText(text, 'x');
    const json = JSON.stringify(draft);
    const url = shareUrl('http://localhost:5173/?view=map&lang=fr#other', json);
    const u = new URL(url);
    expect(u.search).toBe('?view=map&lang=fr');
    expect(u.hash.length).toBeLessThan(json.length);
    const back = decodeShareHash(u.hash);
    expect(back).toBe(json);
    expect(parseScenarioText(back!, 'link')).toEqual(draft);
  });

  it('finds nothing in a hash without a scenario', () => {
    expect(decodeShareHash('')).toBeNull();
    expect(decodeShareHash('#view=3d')).toBeNull();
  });

  it('refuses hostile hashes with a ShareError', () => {
    const bad = (hash: string) => () => decodeShareHash(hash);
    expect(bad('#scenario=' + 'A'.repeat(MAX_SHARE_CHARS + 4))).toThrow(/more than 16000/);
    expect(bad('#scenario=abc$%')).toThrow(/not base64url/);
    expect(bad('#scenario=')).toThrow(/empty/);
    expect(bad('#scenario=' + b64url(strToU8('plain text, not deflate')))).toThrow(ShareError);
    // A deflate bomb: a few kB that would inflate to 8 MB stops at the bound.
    const bomb = b64url(deflateSync(new Uint8Array(8 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(MAX_SHARE_CHARS);
    expect(bad('#scenario=' + bomb)).toThrow(new RegExp(`more than ${MAX_SHARE_JSON_BYTES} bytes`));
    // Cut short: the deflate stream never ends.
    const good = encodeShareHash(text);
    expect(bad('#' + good.slice(0, good.length - 40))).toThrow(ShareError);
    // Not UTF-8.
    expect(bad('#scenario=' + b64url(deflateSync(new Uint8Array([0xff, 0xfe, 0x80]))))).toThrow(/not UTF-8/);
  });

  it('passes what it decodes on to validation: a link with a bad scenario is refused naming the field', () => {
    const s = JSON.parse(text);
    s.lighting.rules[0].policy.steps[0].level = 3;
    const hash = encodeShareHash(JSON.stringify(s));
    expect(() => parseScenarioText(decodeShareHash(hash)!, 'shared-link.scenario.json')).toThrow(/shared-link\.scenario\.json: invalid scenario: lighting\.rules\[0\]\.policy\.steps\[0\]\.level/);
  });

  it('will not make a link longer than the bound', () => {
    // Incompressible content (random-looking names) past the bound.
    let noise = '';
    let x = 1;
    for (let i = 0; i < 40_000; i++) noise += (((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) % 36).toString(36);
    expect(() => encodeShareHash(JSON.stringify({ noise }))).toThrow(/save the scenario as a file/);
  });
});
