import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { LampTechnology } from '../../core/city/model.ts';
import { DEFAULT_POWER_MODEL } from '../../core/energy/powerModel.ts';
import { buildFleet } from '../../core/lighting/fleet.ts';
import { buildMapData, communeRatedKW } from './mapData.ts';
import { communeTooltip, formatPower, lampTooltip } from './tooltip.ts';
import { ENERGY_CLASSES, LEVEL_RAMP, OFF_RGB, POWER_BINS_W, TECHNOLOGY_RGB, energyClass, energyClassBoundsKWh, energyScaleKWh, isLiveMode, lampPowerNowW, levelRgb, powerBin, technologiesOf, writeLampColours } from './lampColours.ts';

describe('lamp colours (binary RGBA)', () => {
  it('level ramp: exact stops at its ends, monotone brightness in between', () => {
    const out = new Uint8Array(3);
    levelRgb(0, out, 0);
    expect([...out]).toEqual([...LEVEL_RAMP[0].rgb]);
    levelRgb(1, out, 0);
    expect([...out]).toEqual([...LEVEL_RAMP[LEVEL_RAMP.length - 1].rgb]);
    let previous = -1;
    for (let l = 0; l <= 1.0001; l += 0.05) {
      levelRgb(l, out, 0);
      const luma = 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2];
      expect(luma).toBeGreaterThan(previous);
      previous = luma;
    }
    levelRgb(7, out, 0);
    expect([...out]).toEqual([...LEVEL_RAMP[LEVEL_RAMP.length - 1].rgb]);
  });

  it('power bins by lower bound', () => {
    expect(powerBin(0)).toBe(0);
    expect(powerBin(29.9)).toBe(0);
    expect(powerBin(30)).toBe(1);
    expect(powerBin(100)).toBe(3);
    expect(powerBin(10_000)).toBe(POWER_BINS_W.length - 1);
  });

  it('live power per lamp follows the core power model; off lamps draw nothing', () => {
    const city = gridCity({ lines: 3 });
    const n = city.lamps.count;
    const full = lampPowerNowW(city.lamps, new Float32Array(n).fill(1), new Float32Array(n));
    for (let i = 0; i < n; i++) {
      const rated = city.lamps.ratedPowerW[i];
      const led = city.lamps.technology[i] === LampTechnology.LED;
      expect(full[i]).toBeCloseTo(led ? rated + DEFAULT_POWER_MODEL.ledStandbyW : rated * DEFAULT_POWER_MODEL.dischargeBallastFactor, 3);
    }
    const off = lampPowerNowW(city.lamps, new Float32Array(n), new Float32Array(n));
    expect(off.every((w) => w === 0)).toBe(true);
    const half = lampPowerNowW(city.lamps, new Float32Array(n).fill(0.5), new Float32Array(n));
    for (let i = 0; i < n; i++) expect(half[i]).toBeLessThan(full[i]);
  });

  it('writes 4 bytes per lamp for every mode, in lamp order, alpha opaque', () => {
    const city = gridCity({ lines: 3 });
    const n = city.lamps.count;
    const levels = Float32Array.from({ length: n }, (_, i) => (i % 2 ? 0 : 1));
    const power = lampPowerNowW(city.lamps, levels, new Float32Array(n));
    const out = new Uint8Array(n * 4);
    writeLampColours('level', city.lamps, levels, power, out);
    expect([...out.subarray(4, 7)]).toEqual([...LEVEL_RAMP[0].rgb]);
    expect([...out.subarray(0, 3)]).toEqual([...LEVEL_RAMP[LEVEL_RAMP.length - 1].rgb]);
    writeLampColours('powerNow', city.lamps, levels, power, out);
    expect([...out.subarray(4, 7)]).toEqual([...OFF_RGB]);
    expect([...out.subarray(0, 3)]).toEqual([...POWER_BINS_W[powerBin(power[0])].rgb]);
    writeLampColours('ratedPower', city.lamps, levels, power, out);
    expect([...out.subarray(4, 7)]).toEqual([...POWER_BINS_W[powerBin(city.lamps.ratedPowerW[1])].rgb]);
    writeLampColours('technology', city.lamps, levels, power, out);
    expect([...out.subarray(0, 3)]).toEqual([...TECHNOLOGY_RGB[city.lamps.technology[0]]]);
    for (let i = 0; i < n; i++) expect(out[i * 4 + 3]).toBe(255);
    expect(isLiveMode('level') && isLiveMode('powerNow')).toBe(true);
    expect(isLiveMode('ratedPower') || isLiveMode('technology')).toBe(false);
  });

  it("the scenario's fleet (an LED retrofit) drives rated colours, power drawn, the technologies listed and the tooltip", () => {
    const city = gridCity({ lines: 3 });
    const n = city.lamps.count;
    const fleet = buildFleet(city, [{ name: 'all LED', where: {}, technology: 'LED', share: 1, ratedPowerW: 20 }], 1);
    const levels = new Float32Array(n).fill(1);
    const cityPower = lampPowerNowW(city.lamps, levels, new Float32Array(n));
    const fleetPower = lampPowerNowW(fleet, levels, new Float32Array(n));
    const changed = [...city.lamps.technology].findIndex((t) => t !== LampTechnology.LED);
    expect(changed).toBeGreaterThanOrEqual(0);
    expect(fleetPower[changed]).toBeLessThan(cityPower[changed]);
    const out = new Uint8Array(n * 4);
    writeLampColours('technology', fleet, levels, fleetPower, out);
    expect([...out.subarray(changed * 4, changed * 4 + 3)]).toEqual([...TECHNOLOGY_RGB[LampTechnology.LED]]);
    writeLampColours('ratedPower', fleet, levels, fleetPower, out);
    expect([...out.subarray(changed * 4, changed * 4 + 3)]).toEqual([...POWER_BINS_W[powerBin(20)].rgb]);
    expect(technologiesOf(fleet)).toEqual([LampTechnology.LED]);
    expect(technologiesOf(city.lamps).length).toBeGreaterThan(1);
    const t = (key: string, p?: Record<string, unknown>) => `${key}${p ? ' ' + Object.values(p).join(' ') : ''}`;
    const ctx = { city, data: buildMapData(city), t, language: 'en', levels, powerW: fleetPower, communes: { metric: 'lampsPerThousand', values: new Float32Array(0) } as never };
    const tip = lampTooltip({ ...ctx, ratings: fleet }, changed);
    expect(tip).toContain('map.tip.rated technology.LED unit.W');
    expect(tip).toContain('map.tip.retrofitted');
    expect(lampTooltip(ctx, changed)).not.toContain('map.tip.retrofitted');
    // A commune's rated power: the fleet's 20 W a lamp, not the inventory's.
    const kw = communeRatedKW(city, fleet.ratedPowerW);
    expect(kw[0]).toBeCloseTo((20 * ctx.data.communes.lampCount[0]) / 1000, 4);
    expect(communeRatedKW(city, city.lamps.ratedPowerW)).toEqual(ctx.data.communes.ratedKW);
    const communes = { metric: 'lampsPerThousand', values: new Float32Array(1).fill(NaN) } as never;
    const fleetTip = communeTooltip({ ...ctx, communes, communeRatedKW: kw }, 0);
    expect(fleetTip).toContain(formatPower(kw[0] * 1000, t, 'en'));
    expect(communeTooltip({ ...ctx, communes }, 0)).not.toBe(fleetTip);
  });

  it('energy mode: classes by fifths of the 95th percentile, lamps above it in the last class, none yet drawn as off', () => {
    const kWh = Float32Array.from({ length: 100 }, (_, i) => i + 1); // 1 … 100 kWh
    const scale = energyScaleKWh(kWh);
    expect(scale).toBe(96);
    expect(energyClassBoundsKWh(scale)).toEqual([0, 19.2, 38.4, 57.6, 76.8, 96]);
    expect([1, 19.1, 19.2, 95.9, 96, 100].map((e) => energyClass(e, scale))).toEqual([0, 0, 1, 4, 5, 5]);
    expect(energyClass(5, 0)).toBe(0);
    expect(ENERGY_CLASSES).toBe(POWER_BINS_W.length);
    const lamps = { count: 3, ratedPowerW: new Float32Array(3).fill(60), technology: new Uint8Array(3).fill(LampTechnology.LED) };
    const out = new Uint8Array(12);
    writeLampColours('energy', lamps, new Float32Array(3).fill(1), new Float32Array(3), out, { kWh: new Float32Array([0, 10, 200]), scaleKWh: 96 });
    expect(Array.from(out.subarray(0, 3))).toEqual([...OFF_RGB]);
    expect(Array.from(out.subarray(4, 7))).toEqual([...POWER_BINS_W[0].rgb]);
    expect(Array.from(out.subarray(8, 11))).toEqual([...POWER_BINS_W[5].rgb]);
    writeLampColours('energy', lamps, new Float32Array(3).fill(1), new Float32Array(3), out, null);
    expect(Array.from(out.subarray(8, 11))).toEqual([...OFF_RGB]);
    expect(isLiveMode('energy')).toBe(true);
  });
});
