import { describe, expect, it } from 'vitest';
import { nightWindow, sunPosition } from './sun.ts';

const LAT = 47.322;
const LON = 5.0415;

describe('sun', () => {
  it('stands in the south around 12:40 local in Dijon in winter, below the horizon at night', () => {
    const noon = sunPosition(Date.UTC(2025, 0, 15, 11, 40), LAT, LON);
    expect((noon.azimuthFromNorthRad * 180) / Math.PI).toBeCloseTo(180, -1);
    expect((noon.altitudeRad * 180) / Math.PI).toBeGreaterThan(19);
    expect((noon.altitudeRad * 180) / Math.PI).toBeLessThan(23);
    const evening = sunPosition(Date.UTC(2025, 0, 15, 15), LAT, LON);
    expect(evening.azimuthFromNorthRad).toBeGreaterThan(Math.PI); // west of south in the afternoon
    expect(sunPosition(Date.UTC(2025, 0, 15, 23), LAT, LON).altitudeRad).toBeLessThan(0);
  });

  it('gives a January night of about 15.5 hours and a June night of about 8.5', () => {
    const jan = nightWindow(Date.UTC(2025, 0, 15, 11), LAT, LON, { event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 });
    const jun = nightWindow(Date.UTC(2025, 5, 21, 11), LAT, LON, { event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 });
    expect((jan.offMs - jan.onMs) / 3.6e6).toBeCloseTo(15.5, 0);
    expect((jun.offMs - jun.onMs) / 3.6e6).toBeCloseTo(8.4, 0);
    const civil = nightWindow(Date.UTC(2025, 0, 15, 11), LAT, LON, { event: 'civil-twilight', onOffsetMin: 10, offOffsetMin: -10 });
    expect(civil.offMs - civil.onMs).toBeLessThan(jan.offMs - jan.onMs - 3_600_000);
  });
});
