// The embedded default city in one call: generate Dijon Métropole, calibrate the builder's lamp
// synthesis to the target count (34,000 light points) and build the read-only CityModel.

import { buildCity, type BuildOptions } from '../builder.ts';
import type { CityModel } from '../model.ts';
import { generateDijon } from './generateDijon.ts';
import { withDefaults, type DijonGenParams } from './params.ts';

/** Build options for a generated Dijon: spacing scale for the lamp target, LED share, seed. */
export function dijonBuildOptions(partial: Partial<DijonGenParams> = {}): Partial<BuildOptions> {
  const params = withDefaults(partial);
  return {
    synthesis: {
      spacingScale: 1,
      targetLampCount: params.targetLampCount,
      technologyMix: { ledShare: params.ledShare },
      seed: params.seed,
    },
  };
}

export function generateDefaultCity(partial: Partial<DijonGenParams> = {}): CityModel {
  const input = generateDijon(partial);
  return buildCity(input, dijonBuildOptions(partial));
}
