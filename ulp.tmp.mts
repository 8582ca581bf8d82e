import { readFileSync } from 'node:fs';
const which = process.argv[2];
const f64 = new Float64Array(1); const u64 = new BigInt64Array(f64.buffer);
const bump = (x: number) => { if (!Number.isFinite(x) || x === 0) return x; f64[0] = x; u64[0] += 1n; return f64[0]; };
if (which !== 'none') { const orig = (Math as any)[which]; (Math as any)[which] = (...a: number[]) => bump(orig(...a)); }
const { decodeCity } = await import('./src/core/city/cityFile.ts');
const { parseScenarioText } = await import('./src/core/scenario/parse.ts');
const { createWorld, runToEnd, worldKpis } = await import('./src/core/world.ts');
const city = decodeCity(new Uint8Array(readFileSync('assets/dijon-generated.city')));
const out: any[] = [];
for (const f of ['dijon-weekday-traffic', 'dijon-green-wave']) {
  const sc = parseScenarioText(readFileSync(`scenarios/${f}.scenario.json`, 'utf8'));
  const startMs = Date.parse('2025-03-11T07:00:00+01:00');
  const w = createWorld(city, sc, { startMs, endMs: startMs + 5_400_000, lighting: { compliance: 'off' } });
  runToEnd(w);
  const x = worldKpis(w).traffic!; out.push([x.trips, x.completedTrips, x.stops, x.totalDelayVehH]);
}
console.log(which, JSON.stringify(out));
