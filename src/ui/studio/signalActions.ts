// What the signal editor asks of the rest of the app: the city's traffic network (compiled once per
// city), and a Webster suggestion computed in a compare worker from the draft's demand.

import type { CityModel } from '../../core/city/model.ts';
import { compileNetwork, type TrafficNetwork } from '../../core/traffic/network.ts';
import { listSignals, type EditablePlan, type IntersectionTiming } from '../../core/traffic/signalTiming.ts';
import { compareClient, type WebsterOutcome } from '../../sim-client/compareClient.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { draftSource } from './studioActions.ts';

const networks = new WeakMap<CityModel, { net: TrafficNetwork; signals: IntersectionTiming[] }>();

/** The network and the signalised intersections of a city (a tenth of a second on the default city, then kept). */
export function signalNetworkOf(city: CityModel): { net: TrafficNetwork; signals: IntersectionTiming[] } {
  let n = networks.get(city);
  if (!n) {
    const net = compileNetwork(city);
    n = { net, signals: listSignals(net) };
    networks.set(city, n);
  }
  return n;
}

/** Webster greens for the plan's stages from the draft's demand; the free-flow assignment runs in the worker. */
export async function suggestWebster(signal: number, plan: EditablePlan): Promise<WebsterOutcome> {
  const source = draftSource();
  if (!source) return { status: 'failed', error: 'no scenario loaded' };
  return compareClient(() => useUiStore.getState().city).suggestWebster(source, signal, plan);
}
