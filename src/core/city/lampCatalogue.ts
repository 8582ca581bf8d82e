// Default lamp ratings by road class and technology (stated engineering defaults, DOMAIN.md):
// the rated power and generic photometry a lamp gets when its source does not say.

import { LampTechnology } from './model.ts';
import { RoadClass } from './roadClass.ts';

export interface LampDefaults {
  ratedPowerW: number;
  photometry: string;
}

/** Generic luminaire files the project writes itself (assets/photometry/<ref>.ldt). */
export const GENERIC_PHOTOMETRY = {
  hpsRoad: 'generic-hps-150-road',
  hpsResidential: 'generic-hps-70-residential',
  ledRoad: 'generic-led-60-road',
  ledResidential: 'generic-led-25-residential',
} as const;

/** Rated lamp power (W) for [HPS-class legacy, LED] by road class. */
const POWER_BY_CLASS_W: Record<number, [number, number]> = {
  [RoadClass.Motorway]: [250, 110],
  [RoadClass.Trunk]: [250, 110],
  [RoadClass.Primary]: [150, 60],
  [RoadClass.Secondary]: [150, 60],
  [RoadClass.Tertiary]: [100, 40],
  [RoadClass.Residential]: [70, 25],
  [RoadClass.Service]: [70, 25],
  [RoadClass.Pedestrian]: [70, 25],
  [RoadClass.Unclassified]: [100, 40],
};

export function lampDefaults(roadClass: number, technology: LampTechnology): LampDefaults {
  const [legacyW, ledW] = POWER_BY_CLASS_W[roadClass] ?? POWER_BY_CLASS_W[RoadClass.Residential];
  const residential = roadClass >= RoadClass.Residential && roadClass !== RoadClass.Unclassified;
  if (technology === LampTechnology.LED) {
    return { ratedPowerW: ledW, photometry: residential ? GENERIC_PHOTOMETRY.ledResidential : GENERIC_PHOTOMETRY.ledRoad };
  }
  return { ratedPowerW: legacyW, photometry: residential ? GENERIC_PHOTOMETRY.hpsResidential : GENERIC_PHOTOMETRY.hpsRoad };
}
