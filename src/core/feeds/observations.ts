// Typed observations the twin accepts from sensor feeds (FIWARE Smart Data Models), after
// validation and mapping of entity ids to city entities; what assimilation and views read.

export type ObservationKind = 'streetlight' | 'cabinet' | 'trafficFlow' | 'weather' | 'airQuality' | 'parking';

export const SMART_DATA_MODEL_TYPES: Record<string, ObservationKind> = {
  Streetlight: 'streetlight',
  StreetlightControlCabinet: 'cabinet',
  TrafficFlowObserved: 'trafficFlow',
  WeatherObserved: 'weather',
  AirQualityObserved: 'airQuality',
  OffStreetParking: 'parking',
};

interface Base {
  /** NGSI-LD entity id as received (urn:ngsi-ld:<Type>:<local id>). */
  entityId: string;
  /** Observation time, UTC ms. */
  timeMs: number;
}

export interface StreetlightObservation extends Base {
  kind: 'streetlight';
  lamp: number;
  illuminanceLevel?: number;
  powerState?: 'on' | 'off' | 'low' | 'bootingUp';
  powerConsumptionW?: number;
  motionCount?: number;
  status?: 'ok' | 'defectiveLamp' | 'columnIssue' | 'brokenLantern';
}

export interface CabinetObservation extends Base {
  kind: 'cabinet';
  cabinet: number;
  energyConsumedKWh?: number;
  totalActivePowerKW?: number;
}

export interface TrafficFlowObservation extends Base {
  kind: 'trafficFlow';
  link: number;
  /** End of the counting period, UTC ms (timeMs is its start). */
  toMs: number;
  intensity?: number;
  occupancy?: number;
  averageSpeedKph?: number;
  laneId?: number;
}

export interface WeatherObservation extends Base {
  kind: 'weather';
  illuminanceLux?: number;
  temperatureC?: number;
}

export interface AirQualityObservation extends Base {
  kind: 'airQuality';
  no2?: number;
  pm10?: number;
  pm25?: number;
  o3?: number;
  co?: number;
  /** Station position (GeoJSON Point: longitude, latitude in degrees), when the entity gives one. */
  lonLat?: [number, number];
  name?: string;
}

export interface ParkingObservation extends Base {
  kind: 'parking';
  carPark: string;
  /** Occupied fraction 0–1. */
  occupancy?: number;
  availableSpots?: number;
  totalSpots?: number;
  /** Car park position (longitude, latitude in degrees), when the entity gives one. */
  lonLat?: [number, number];
  name?: string;
}

export type Observation =
  | StreetlightObservation
  | CabinetObservation
  | TrafficFlowObservation
  | WeatherObservation
  | AirQualityObservation
  | ParkingObservation;

/** Why a message was not applied; every message is accepted or rejected with one of these. */
export type RejectReason =
  | 'oversized'
  | 'malformed-json'
  | 'not-an-entity'
  | 'unknown-type'
  | 'unknown-entity'
  | 'bad-value'
  | 'missing-time'
  | 'far-future'
  | 'too-late'
  | 'duplicate'
  /** Arrived while too many messages were already waiting to be read: refused unread. */
  | 'flood';

export const REJECT_REASONS: readonly RejectReason[] = [
  'oversized', 'malformed-json', 'not-an-entity', 'unknown-type', 'unknown-entity', 'bad-value', 'missing-time', 'far-future', 'too-late', 'duplicate', 'flood',
];
