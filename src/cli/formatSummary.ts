// Human-readable lines of a city summary for the CLI (the JSON line follows them).

import type { CitySummary } from '../core/city/summary.ts';

export function formatSummary(s: CitySummary, path: string): string {
  const lines = [
    `${s.name} (${s.source === 'generated' ? 'generated city' : 'imported'}) — ${path}`,
    `  communes ${s.communes}, population ${s.population.toLocaleString('en')}`,
    `  roads ${s.roadKm} km (${s.litRoadKm} km lit), ${s.links} directed links, ${s.nodes} nodes, ${s.intersections} intersections, ${s.signals} signalised`,
    `  lamps ${s.lamps} (${s.synthesizedLamps} synthesised, ${s.inventoryLamps} from inventory, ${s.unsnappedLamps} not on a road), ${s.cabinets} cabinets, ${s.ratedPowerKW} kW rated`,
    `  lamps by technology: ${Object.entries(s.lampsByTechnology).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  km by class: ${Object.entries(s.roadKmByClass).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  buildings ${s.buildings} (${s.buildingsWithKnownHeight} with a height from data)`,
  ];
  const report = Object.entries(s.importReport);
  if (report.length) lines.push(`  import: ${report.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines.join('\n') + '\n';
}
