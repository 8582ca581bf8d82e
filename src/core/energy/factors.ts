// Tariff and carbon factors with their sources (DOMAIN.md): every figure a planner sees says
// where it came from; scenarios pick one or give their own.

export interface Co2Factor {
  id: string;
  gPerKWh: number;
  source: string;
}

export const CO2_FACTORS: Record<string, Co2Factor> = {
  'rte-2024': { id: 'rte-2024', gPerKWh: 21.7, source: 'RTE, French electricity production carbon intensity 2024' },
  'rte-2023': { id: 'rte-2023', gPerKWh: 32, source: 'RTE, French electricity production carbon intensity 2023' },
  'ademe-mix': { id: 'ademe-mix', gPerKWh: 52, source: 'ADEME Base Empreinte, French consumption mix' },
};
export const DEFAULT_CO2_FACTOR_ID = 'ademe-mix';

export interface Tariff {
  /** All-in price (€/kWh) outside off-peak hours. */
  eurPerKWh: number;
  /** Optional off-peak price and its local hours [start, end) as HH:MM (may wrap midnight). */
  offPeak?: { eurPerKWh: number; start: string; end: string };
  source: string;
}

export const DEFAULT_TARIFF: Tariff = {
  eurPerKWh: 0.2,
  source: 'Stated default: large French métropole after 2022, €0.15–0.25/kWh all-in (DOMAIN.md)',
};

/** The OnDijon contractual target: −65 % lighting energy against the 2017 state. */
export const DIJON_TARGET_REDUCTION_PCT = 65;
