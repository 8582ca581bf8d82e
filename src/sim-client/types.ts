// The simulation protocol's types as the page sees them (re-exported from the worker's protocol so
// store, ui and views depend on sim-client only).

export type {
  CityInfo, CityResult, FeedPoints, HostSnapshot, IngestBatchResult, JobOutcome, JobProgress, LiveConnectOptions, LiveFeedStatus, LiveKpis,
  FleetColumns, FrameBuffersBack, PeriodChoice, PresenceCounts, LampEnergy, RunOutcome, ScenarioInfo, ScenarioResult, SimEvents, SimFrame, SimPhase, SimSpeed, SimStatus,
} from '../../workers/sim-protocol.ts';
export type { LiveGap, LiveState, LiveStats } from '../live/liveFeed.ts';
export type { AirQualityObservation, ParkingObservation } from '../core/feeds/observations.ts';
export { SIM_SPEEDS } from '../../workers/sim-protocol.ts';
export type { RunKpis, SavingsKpis } from '../core/scenarioRun.ts';
export type { LightingKpis } from '../core/energy/lightingKpis.ts';
export type { TrafficFrame } from '../core/traffic/frames.ts';
export type { TrafficKpis } from '../core/traffic/kpis.ts';
