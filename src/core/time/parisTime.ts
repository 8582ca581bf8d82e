// Civil time of a city in the EU time-zone rules (CET/CEST for Dijon): UTC offset with the
// EU summer-time switch (last Sunday of March/October at 01:00 UTC), local hour of day.

export interface TimeZoneRule {
  /** Standard offset from UTC in minutes (CET: +60). */
  standardOffsetMin: number;
  /** Whether the EU summer-time rule applies (+60 min from last Sunday of March to last Sunday of October, 01:00 UTC). */
  euSummerTime: boolean;
}

export const EUROPE_PARIS: TimeZoneRule = { standardOffsetMin: 60, euSummerTime: true };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** UTC ms of the last Sunday of a month at 01:00 UTC. */
function lastSundayAt1Utc(year: number, month0: number): number {
  const lastDay = Date.UTC(year, month0 + 1, 0, 1);
  const dow = new Date(lastDay).getUTCDay();
  return lastDay - dow * DAY_MS;
}

interface YearRule {
  startMs: number;
  endMs: number;
  summerStartMs: number;
  summerEndMs: number;
}
const yearRules = new Map<number, YearRule>();
let lastRule: YearRule | null = null;

function yearRule(timeMs: number): YearRule {
  if (lastRule && timeMs >= lastRule.startMs && timeMs < lastRule.endMs) return lastRule;
  const year = new Date(timeMs).getUTCFullYear();
  let r = yearRules.get(year);
  if (!r) {
    r = { startMs: Date.UTC(year, 0, 1), endMs: Date.UTC(year + 1, 0, 1), summerStartMs: lastSundayAt1Utc(year, 2), summerEndMs: lastSundayAt1Utc(year, 9) };
    yearRules.set(year, r);
  }
  lastRule = r;
  return r;
}

export function utcOffsetMs(timeMs: number, tz: TimeZoneRule = EUROPE_PARIS): number {
  const base = tz.standardOffsetMin * 60_000;
  if (!tz.euSummerTime) return base;
  const r = yearRule(timeMs);
  return timeMs >= r.summerStartMs && timeMs < r.summerEndMs ? base + HOUR_MS : base;
}

/** Local milliseconds since local midnight (0 ≤ x < 24 h). */
export function localTimeOfDayMs(timeMs: number, tz: TimeZoneRule = EUROPE_PARIS): number {
  const local = timeMs + utcOffsetMs(timeMs, tz);
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

/** UTC ms of local midnight starting the local day that contains timeMs. */
export function localMidnightUtcMs(timeMs: number, tz: TimeZoneRule = EUROPE_PARIS): number {
  const local = timeMs + utcOffsetMs(timeMs, tz);
  const midnightLocal = Math.floor(local / DAY_MS) * DAY_MS;
  // The offset at midnight may differ from the one at timeMs (switch nights): use the offset in force then.
  const guess = midnightLocal - utcOffsetMs(timeMs, tz);
  return midnightLocal - utcOffsetMs(guess, tz);
}

/** UTC ms of a local wall-clock time (ms after local midnight) on the local day starting at `midnightUtcMs`. */
export function localClockToUtcMs(midnightUtcMs: number, localMsOfDay: number, tz: TimeZoneRule = EUROPE_PARIS): number {
  const offsetAtMidnight = utcOffsetMs(midnightUtcMs, tz);
  const naive = midnightUtcMs + localMsOfDay;
  const offsetThen = utcOffsetMs(naive, tz);
  return naive - (offsetThen - offsetAtMidnight);
}

/** "HH:MM" → ms after midnight; throws on a malformed value. */
export function parseClockMs(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time of day HH:MM`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** ISO-like local date and time for display: "2025-01-15 22:00". */
export function formatLocal(timeMs: number, tz: TimeZoneRule = EUROPE_PARIS): string {
  const d = new Date(timeMs + utcOffsetMs(timeMs, tz));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
