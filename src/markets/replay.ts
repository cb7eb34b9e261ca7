// Turning recorded series into what replay and bootstrap processes step through: hourly paths
// over the simulated hours, pools of whole days, daily log returns. Pure functions of arrays.
import type { DayPool } from "./power";

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const HOURS_PER_LOOP_YEAR = 52 * 7 * 24; // 8,736: whole weeks keep weekday and hour of day

/** A regular series: values[i] holds at startMs + i * stepMs (stepMs one hour or one day). */
export interface RecordedSeries {
  startMs: number;
  stepMs: number;
  values: Float64Array;
}

/** Recorded series a scenario's markets replay or resample, loaded before any run. */
export interface MarketInputs {
  power?: RecordedSeries;
  /** System load for 4CP peaks (grid.fourCp.systemLoad). */
  systemLoad?: RecordedSeries;
  /** System load for a flexible interconnection (site.flexibleInterconnection.systemLoad). */
  flexibleSystemLoad?: RecordedSeries;
  /** Recorded grid events: start (UTC ms) and length in hours. */
  emergencies?: { startMs: number; hours: number }[];
  demandResponseDeployments?: { startMs: number; hours: number }[];
  ancillaryDeployments?: { startMs: number; hours: number }[];
  btc?: RecordedSeries;
  difficulty?: RecordedSeries;
  hashrate?: RecordedSeries;
}

export type Interpolation = "hold" | "linear" | "log-linear";

function posmod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * Null when the series covers every simulated hour; else a sentence saying what replay does
 * beyond it (loops by 52-week years, or holds its first and last values), for a warning.
 */
export function replayCoverageNote(series: RecordedSeries, startMs: number, hours: number, offsetHours: number, extend: "loop" | "hold"): string | null {
  const n = series.values.length;
  const stepsPerHour = MS_PER_HOUR / series.stepMs;
  const first = ((startMs - series.startMs) / MS_PER_HOUR + offsetHours) * stepsPerHour;
  const last = first + (hours - 1) * stepsPerHour;
  if (first >= 0 && Math.floor(last) <= n - 1) return null;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const fileEnd = series.startMs + (n - 1) * series.stepMs;
  const shift = offsetHours * MS_PER_HOUR;
  const wanted = `${day(startMs + shift)} to ${day(startMs + shift + (hours - 1) * MS_PER_HOUR)}`;
  const what =
    extend === "hold"
      ? "its first and last values are held outside it"
      : n * series.stepMs >= HOURS_PER_LOOP_YEAR * MS_PER_HOUR
        ? "it loops by whole 52-week years: every 52 weeks the series jumps back to its start (a difficulty or price level that grew returns to its old value)"
        : "it loops by whole weeks";
  return `the file covers ${day(series.startMs)} to ${day(fileEnd)}, the run needs ${wanted}: ${what}`;
}

/**
 * The value of the series at each simulated hour h (UTC time startMs + h hours, shifted by
 * offsetHours). If the file covers every simulated hour it is read as it is; otherwise, with
 * extend "loop", the file loops by whole 52-week years (whole weeks if it is shorter than one), so
 * weekday and hour of day are kept, and with "hold" its first and last values hold before and
 * after it. Daily series are interpolated to hours as asked.
 */
export function hourlyPath(
  series: RecordedSeries,
  startMs: number,
  hours: number,
  offsetHours: number,
  interpolation: Interpolation,
  extend: "loop" | "hold" = "loop",
): Float64Array {
  const n = series.values.length;
  const stepsPerHour = MS_PER_HOUR / series.stepMs; // 1 for hourly, 1/24 for daily
  const first = ((startMs - series.startMs) / MS_PER_HOUR + offsetHours) * stepsPerHour;
  const last = first + (hours - 1) * stepsPerHour;
  // Covered: every simulated hour falls within the file (the last step's value holds to its end).
  const covered = first >= 0 && Math.floor(last) <= n - 1;
  const loopSteps = HOURS_PER_LOOP_YEAR * stepsPerHour;
  const weekSteps = 168 * stepsPerHour;
  const period = n >= loopSteps ? Math.floor(n / loopSteps) * loopSteps : Math.floor(n / weekSteps) * weekSteps;
  const hold = extend === "hold";
  if (!covered && !hold && period < 1) throw new Error(`series of ${n} steps is too short to loop (needs at least a week)`);
  const at = (i: number) => series.values[covered ? i : hold ? Math.min(Math.max(i, 0), n - 1) : posmod(i, period)];
  const out = new Float64Array(hours);
  for (let h = 0; h < hours; h++) {
    const position = first + h * stepsPerHour;
    const i = Math.floor(position);
    const frac = position - i;
    if (frac === 0 || interpolation === "hold") {
      out[h] = at(i);
    } else {
      const a = at(i);
      const b = covered && i + 1 > n - 1 ? a : at(i + 1);
      out[h] = interpolation === "linear" ? a + (b - a) * frac : Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * frac);
    }
  }
  return out;
}

/** Daily log returns of a daily price series (an hourly one is sampled at 00:00 UTC). */
export function dailyLogReturns(series: RecordedSeries): Float64Array {
  const step = series.stepMs === MS_PER_DAY ? 1 : 24;
  const skip = series.stepMs === MS_PER_DAY ? 0 : posmod(-series.startMs / MS_PER_HOUR, 24);
  const prices: number[] = [];
  for (let i = skip; i < series.values.length; i += step) prices.push(series.values[i]);
  const out = new Float64Array(Math.max(0, prices.length - 1));
  for (let i = 1; i < prices.length; i++) out[i - 1] = Math.log(prices[i] / prices[i - 1]);
  return out;
}

function utcDayOfYear(ms: number): number {
  const d = new Date(ms);
  return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / MS_PER_DAY);
}

/** The pool of whole UTC days of an hourly series, and which of them may stand in for each day of year (within windowDays, circularly). */
export function dayPool(series: RecordedSeries, startMs: number, hours: number, windowDays: number): DayPool {
  if (series.stepMs !== MS_PER_HOUR) throw new Error("a day bootstrap needs an hourly series");
  const skip = posmod(-series.startMs / MS_PER_HOUR, 24);
  const days = Math.floor((series.values.length - skip) / 24);
  if (days < 1) throw new Error("a day bootstrap needs at least one whole UTC day");
  const hourlyUsdPerMwh = series.values.slice(skip, skip + days * 24);
  const firstDayMs = series.startMs + skip * MS_PER_HOUR;
  const dayDoy = Array.from({ length: days }, (_, d) => utcDayOfYear(firstDayMs + d * MS_PER_DAY));
  const candidateStart = new Int32Array(367);
  const flat: number[] = [];
  for (let doy = 0; doy < 366; doy++) {
    candidateStart[doy] = flat.length;
    for (let window = windowDays; flat.length === candidateStart[doy]; window += 7) {
      for (let d = 0; d < days; d++) {
        const distance = Math.abs(dayDoy[d] - doy);
        if (Math.min(distance, 366 - distance) <= window) flat.push(d);
      }
      if (window > 366) break;
    }
  }
  candidateStart[366] = flat.length;
  const utcHour = new Uint8Array(hours);
  const doyOfHour = new Uint16Array(hours);
  for (let h = 0; h < hours; h++) {
    const ms = startMs + h * MS_PER_HOUR;
    utcHour[h] = new Date(ms).getUTCHours();
    doyOfHour[h] = utcDayOfYear(ms);
  }
  return { hourlyUsdPerMwh, candidateStart, candidateDays: Int32Array.from(flat), utcHour, utcDayOfYear: doyOfHour };
}
