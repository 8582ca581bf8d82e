// The attribute rows shown for a picked lamp, road link, intersection or building, translated
// and formatted; pure (the translate function is passed in) so it is tested without a DOM.

import type { CityModel } from '../core/city/model.ts';
import { BUILDING_USE_NAMES, LAMP_TECHNOLOGY_NAMES, LampFlag, LinkFlag } from '../core/city/model.ts';
import { ROAD_CLASS_NAMES } from '../core/city/roadClass.ts';
import { lightingClassName } from '../core/city/lightingClass.ts';
import type { Selection } from '../store/uiStore.ts';
import { formatNumber } from './format.ts';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface AttributeRow {
  label: string;
  value: string;
}

export interface SelectionDetails {
  title: string;
  rows: AttributeRow[];
}

function ringAreaM2(xy: ArrayLike<number>, start: number, end: number): number {
  let a = 0;
  for (let i = start; i < end; i++) {
    const j = i + 1 < end ? i + 1 : start;
    a += xy[i * 2] * xy[j * 2 + 1] - xy[j * 2] * xy[i * 2 + 1];
  }
  return Math.abs(a) / 2;
}

export function selectionDetails(city: CityModel, sel: Selection, t: Translate, language: string): SelectionDetails | null {
  const num = (v: number, digits = 0) => formatNumber(v, language, digits);
  const yesNo = (b: boolean) => t(b ? 'attr.yes' : 'attr.no');
  const commune = (c: number) => city.communes.name[c] ?? '—';
  const linkName = (l: number) => (city.links.name[l] >= 0 ? city.strings[city.links.name[l]] : t('attr.unnamed'));
  const i = sel.index;

  if (sel.kind === 'lamp') {
    const L = city.lamps;
    if (i < 0 || i >= L.count) return null;
    const flags = L.flags[i];
    const rows: AttributeRow[] = [
      { label: t('attr.technology'), value: t(`technology.${LAMP_TECHNOLOGY_NAMES[L.technology[i]] ?? 'unknown'}`) },
      { label: t('attr.ratedPower'), value: t('unit.W', { value: num(L.ratedPowerW[i]) }) },
      { label: t('attr.mountingHeight'), value: t('unit.m', { value: num(L.mountingHeightM[i], 1) }) },
      { label: t('attr.lightingClass'), value: lightingClassName(L.lightingClass[i]) },
      { label: t('attr.cabinet'), value: `#${L.cabinet[i]}` },
      { label: t('attr.commune'), value: commune(L.commune[i]) },
      {
        label: t('attr.provenance'),
        value: t(flags & LampFlag.FromInventory ? 'attr.inventory' : flags & LampFlag.Synthesized ? 'attr.synthesised' : 'attr.unknown'),
      },
    ];
    if (L.link[i] >= 0) rows.push({ label: t('attr.road'), value: linkName(L.link[i]) });
    if (L.externalId[i] >= 0) rows.push({ label: t('attr.externalId'), value: city.strings[L.externalId[i]] });
    return { title: t('panel.lamp', { index: i }), rows };
  }

  if (sel.kind === 'link') {
    const K = city.links;
    if (i < 0 || i >= K.count) return null;
    const oneWay = (K.flags[i] & LinkFlag.OneWay) !== 0 || K.reverse[i] < 0;
    return {
      title: t('panel.link', { index: i }),
      rows: [
        { label: t('attr.name'), value: linkName(i) },
        { label: t('attr.roadClass'), value: t(`roadClass.${ROAD_CLASS_NAMES[K.roadClass[i]] ?? 'unclassified'}`) },
        { label: t('attr.lanes'), value: num(K.lanes[i]) },
        { label: t('attr.speedLimit'), value: t('unit.kph', { value: num(K.speedLimitKph[i]) }) },
        { label: t('attr.length'), value: t('unit.m', { value: num(K.lengthM[i]) }) },
        { label: t('attr.oneWay'), value: yesNo(oneWay) },
        { label: t('attr.lit'), value: yesNo((K.flags[i] & LinkFlag.Lit) !== 0) },
        { label: t('attr.lightingClass'), value: lightingClassName(K.lightingClass[i]) },
        { label: t('attr.commune'), value: commune(K.commune[i]) },
      ],
    };
  }

  if (sel.kind === 'intersection') {
    const X = city.intersections;
    if (i < 0 || i >= X.count) return null;
    const node = X.node[i];
    let approaches = 0;
    let departures = 0;
    const names = new Set<string>();
    for (let l = 0; l < city.links.count; l++) {
      if (city.links.toNode[l] === node) {
        approaches++;
        if (city.links.name[l] >= 0) names.add(city.strings[city.links.name[l]]);
      }
      if (city.links.fromNode[l] === node) departures++;
    }
    const rows: AttributeRow[] = [
      { label: t('attr.signalised'), value: yesNo(X.signalised[i] === 1) },
      { label: t('attr.approaches'), value: num(approaches) },
      { label: t('attr.departures'), value: num(departures) },
    ];
    if (names.size > 0) rows.push({ label: t('attr.approachNames'), value: [...names].slice(0, 5).join(', ') });
    rows.push({ label: t('attr.commune'), value: commune(X.commune[i]) });
    return { title: t('panel.intersection', { index: i }), rows };
  }

  const B = city.buildings;
  if (i < 0 || i >= B.count) return null;
  return {
    title: t('panel.building', { index: i }),
    rows: [
      { label: t('attr.use'), value: t(`buildingUse.${BUILDING_USE_NAMES[B.use[i]] ?? 'unknown'}`) },
      {
        label: t('attr.height'),
        value: `${t('unit.m', { value: num(B.heightM[i], 1) })} (${t(B.heightKnown[i] ? 'attr.heightKnown' : 'attr.heightEstimated')})`,
      },
      { label: t('attr.footprint'), value: t('unit.m2', { value: num(ringAreaM2(B.ringXYM, B.ringStart[i], B.ringStart[i + 1])) }) },
      { label: t('attr.commune'), value: commune(B.commune[i]) },
    ],
  };
}
