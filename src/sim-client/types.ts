// The simulation protocol's types as the page sees them (re-exported from the worker's protocol so
// store, ui and views depend on sim-client only).

export type {
  CityInfo, CityResult, FeedPoints, HostSnapshot, IngestBatchResult, JobOutcome, JobProgress, LiveConnectOptions, LiveFeedStatus, LiveKpis,
  PeriodChoice, RunOutcome, ScenarioInfo, ScenarioResult, SimEvents, SimFrame, SimPhase, SimSpeed, SimStatus,
} from '../../workers/sim-protocol.ts';
export type { LiveGap, LiveState, LiveStats } from '../live/liveFeed.ts';
export type { AirQualityObservation, ParkingObservation } from '../core/feeds/observations.ts';
export { SIM_SPEEDS } from '../../workers/sim-protocol.ts';
export type { RunKpis, SavingsKpis } from '../core/scenarioRun.ts';
export type { LightingKpis } from '../core/energy/lightingKpis.ts';
