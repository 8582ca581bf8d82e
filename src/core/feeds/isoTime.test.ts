import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoTimeMs } from './isoTime.ts';

/** The rule the gate had before the fast path: the zone-bearing ISO form, then Date.parse. */
function reference(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length > 40) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));

describe('isoTimeMs', () => {
  it('reads the usual forms and refuses times without a zone', () => {
    expect(isoTimeMs('2025-01-15T21:00:00Z')).toBe(Date.UTC(2025, 0, 15, 21));
    expect(isoTimeMs('2025-01-15T21:00:00.250Z')).toBe(Date.UTC(2025, 0, 15, 21, 0, 0, 250));
    expect(isoTimeMs('2025-01-15T22:00:00+01:00')).toBe(Date.UTC(2025, 0, 15, 21));
    expect(isoTimeMs('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(isoTimeMs('2025-01-15T21:00:00')).toBeUndefined();
    expect(isoTimeMs('2025-13-15T21:00:00Z')).toBeUndefined();
    expect(isoTimeMs('2025-01-15T21:60:00Z')).toBeUndefined();
    expect(isoTimeMs(1736974800000)).toBeUndefined();
  });

  it('agrees with the zone-checked Date.parse on well-shaped and broken date-times', () => {
    const shaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), two, two, two, two, two, fc.option(fc.integer({ min: 0, max: 999 })), fc.constantFrom('Z', '+01:00', '-05:30', 'z', ''))
      .map(([y, mo, d, h, mi, s, ms, zone]) => `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}${zone}`);
    const mutated = fc.tuple(shaped, fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([s, at, c]) => s.slice(0, at % (s.length + 1)) + c + s.slice((at % (s.length + 1)) + 1));
    fc.assert(fc.property(fc.oneof(shaped, mutated, fc.string()), (s) => {
      expect(isoTimeMs(s)).toBe(reference(s));
    }), { numRuns: 20_000 });
  });
});
