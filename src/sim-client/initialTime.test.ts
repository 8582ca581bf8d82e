import { describe, expect, it } from 'vitest';
import { formatLocal } from '../core/time/parisTime.ts';
import { firstEveningMs, openingTimeMs } from './initialTime.ts';

describe('opening time', () => {
  it('is the first 21:00 in Paris at or after the start', () => {
    expect(formatLocal(firstEveningMs(Date.parse('2025-01-01T12:00:00+01:00')))).toBe('2025-01-01 21:00');
    expect(formatLocal(firstEveningMs(Date.parse('2025-01-01T22:00:00+01:00')))).toBe('2025-01-02 21:00');
    expect(formatLocal(firstEveningMs(Date.parse('2025-07-01T00:00:00+02:00')))).toBe('2025-07-01 21:00');
  });
  it('takes a requested time inside the period', () => {
    const start = Date.parse('2025-01-01T12:00:00+01:00');
    const end = start + 7 * 86_400_000;
    expect(openingTimeMs(start, end, start + 5000)).toBe(start + 5000);
    expect(formatLocal(openingTimeMs(start, end, end + 1))).toBe('2025-01-01 21:00');
    expect(openingTimeMs(start, start + 3_600_000, null)).toBe(start + 3_600_000);
  });
});
