// Flexible-interconnection headroom of a power system (Norris et al., "Rethinking Load Growth",
// Duke Nicholas Institute, 2025): how much constant new load fits under the system's seasonal
// peaks if that load accepts curtailment in the hours it would push the system above them.
// Plain numbers and typed arrays in, numbers out: this file knows nothing of files.
import { buildCalendar } from "../engine/calendar";

/** An hourly system load with the local calendar facts the method needs, one entry per hour present. */
export interface SystemLoad {
  /** System load, MW. */
  readonly loadMw: Float64Array;
  /** Local month 0-11. */
  readonly localMonth: Uint8Array;
  /** Local hour of day 0-23. */
  readonly localHour: Uint8Array;
  /** Index into yearHours of the hour's local calendar year. */
  readonly yearIndex: Uint16Array;
  /** Per local calendar year: its hours (8,760, or 8,784 in a leap year; fewer for a partial year at the window's ends). */
  readonly yearHours: Float64Array;
  /** 1 when hour i directly follows hour i-1 (no missing hours between them); events never span a gap. */
  readonly followsPrevious: Uint8Array;
}

export interface SeasonalThresholds {
  /** Highest load in June-August over the whole period, MW: the threshold from April to October. */
  readonly summerMw: number;
  /** Highest load in December-February over the whole period, MW: the threshold from November to March. */
  readonly winterMw: number;
}

const SUMMER_PEAK_MONTHS = [5, 6, 7]; // Jun, Jul, Aug (0-based)
const WINTER_PEAK_MONTHS = [11, 0, 1]; // Dec, Jan, Feb

/** Whether the summer threshold applies in local month m (0-11): April to October. */
export function isSummerThresholdMonth(month0: number): boolean {
  return month0 >= 3 && month0 <= 9;
}

/** The seasonal peak thresholds of a load series. */
export function seasonalThresholds(load: Pick<SystemLoad, "loadMw" | "localMonth">): SeasonalThresholds {
  let summerMw = -Infinity;
  let winterMw = -Infinity;
  for (let i = 0; i < load.loadMw.length; i++) {
    const m = load.localMonth[i];
    if (SUMMER_PEAK_MONTHS.includes(m) && load.loadMw[i] > summerMw) summerMw = load.loadMw[i];
    if (WINTER_PEAK_MONTHS.includes(m) && load.loadMw[i] > winterMw) winterMw = load.loadMw[i];
  }
  return { summerMw, winterMw };
}

/** The threshold in force in each hour: summer from April to October, winter from November to March. */
export function thresholdByHour(localMonth: Uint8Array, thresholds: SeasonalThresholds): Float64Array {
  const out = new Float64Array(localMonth.length);
  for (let i = 0; i < localMonth.length; i++) out[i] = isSummerThresholdMonth(localMonth[i]) ? thresholds.summerMw : thresholds.winterMw;
  return out;
}

/** Curtailment of a constant added load L in one hour, MW: max(0, load + L - threshold), at most L. */
export function curtailmentMw(loadMw: number, addedMw: number, thresholdMw: number): number {
  const over = loadMw + addedMw - thresholdMw;
  return over <= 0 ? 0 : over < addedMw ? over : addedMw;
}

/**
 * Mean over years of each year's curtailment rate: the year's curtailed MWh / (L x the year's
 * hours). 0 for L = 0. Rises with L, which the root finding relies on.
 */
export function meanYearlyRate(load: SystemLoad, thresholdMw: Float64Array, addedMw: number): number {
  if (addedMw <= 0) return 0;
  const years = load.yearHours.length;
  const curtailedMwh = new Float64Array(years);
  for (let i = 0; i < load.loadMw.length; i++) curtailedMwh[load.yearIndex[i]] += curtailmentMw(load.loadMw[i], addedMw, thresholdMw[i]);
  let sum = 0;
  let counted = 0;
  for (let y = 0; y < years; y++) {
    if (load.yearHours[y] <= 0) continue;
    sum += curtailedMwh[y] / (addedMw * load.yearHours[y]);
    counted++;
  }
  return counted > 0 ? sum / counted : 0;
}

/**
 * Headroom at a curtailment limit (a fraction, 0.005 = 0.5%): the largest whole MW of added load
 * whose mean yearly curtailment rate does not exceed the limit (bisection to 1 MW).
 */
export function headroomMw(load: SystemLoad, thresholdMw: Float64Array, limitFraction: number): number {
  if (!(limitFraction > 0)) return 0;
  let lo = 0; // rate(lo) <= limit
  let hi = 1;
  while (meanYearlyRate(load, thresholdMw, hi) <= limitFraction) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return Infinity; // every rate within the limit: no load ever reaches the thresholds
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meanYearlyRate(load, thresholdMw, mid) <= limitFraction) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** How a constant added load is curtailed over the period. */
export interface CurtailmentProfile {
  readonly addedMw: number;
  /** Mean over years of each year's curtailment rate (what the limit bounds). */
  readonly meanYearlyRate: number;
  /** Mean over years of the hours with any curtailment. */
  readonly curtailedHoursPerYear: number;
  /** Mean over years of the curtailed energy, MWh. */
  readonly curtailedMwhPerYear: number;
  /** Events: runs of consecutive curtailed hours. Mean and longest length, hours (0 with no event). */
  readonly events: number;
  readonly meanEventHours: number;
  readonly maxEventHours: number;
  /** Of the curtailed hours, the share in which at least 50%, 75% and 90% of the added load stays on. */
  readonly shareHoursRetaining50: number;
  readonly shareHoursRetaining75: number;
  readonly shareHoursRetaining90: number;
  /** Curtailed hours over the whole period by local month x hour of day: [month * 24 + hour]. */
  readonly curtailedHoursByMonthHour: Float64Array;
}

/** The curtailment profile of a constant added load of addedMw. */
export function curtailmentProfile(load: SystemLoad, thresholdMw: Float64Array, addedMw: number): CurtailmentProfile {
  const years = load.yearHours.length;
  const hoursByYear = new Float64Array(years);
  const mwhByYear = new Float64Array(years);
  const byMonthHour = new Float64Array(12 * 24);
  let curtailedHours = 0;
  const retaining = [0, 0, 0];
  let events = 0;
  let eventHours = 0;
  let maxEventHours = 0;
  let runHours = 0;
  const closeEvent = () => {
    if (runHours === 0) return;
    events++;
    eventHours += runHours;
    if (runHours > maxEventHours) maxEventHours = runHours;
    runHours = 0;
  };
  for (let i = 0; i < load.loadMw.length; i++) {
    if (load.followsPrevious[i] === 0) closeEvent();
    const cutMw = addedMw > 0 ? curtailmentMw(load.loadMw[i], addedMw, thresholdMw[i]) : 0;
    if (cutMw <= 0) {
      closeEvent();
      continue;
    }
    runHours++;
    curtailedHours++;
    hoursByYear[load.yearIndex[i]]++;
    mwhByYear[load.yearIndex[i]] += cutMw;
    byMonthHour[load.localMonth[i] * 24 + load.localHour[i]]++;
    const retainedShare = 1 - cutMw / addedMw;
    if (retainedShare >= 0.5) retaining[0]++;
    if (retainedShare >= 0.75) retaining[1]++;
    if (retainedShare >= 0.9) retaining[2]++;
  }
  closeEvent();
  let countedYears = 0;
  let hoursSum = 0;
  let mwhSum = 0;
  for (let y = 0; y < years; y++) {
    if (load.yearHours[y] <= 0) continue;
    countedYears++;
    hoursSum += hoursByYear[y];
    mwhSum += mwhByYear[y];
  }
  const share = (n: number) => (curtailedHours > 0 ? n / curtailedHours : NaN);
  return {
    addedMw,
    meanYearlyRate: meanYearlyRate(load, thresholdMw, addedMw),
    curtailedHoursPerYear: countedYears > 0 ? hoursSum / countedYears : 0,
    curtailedMwhPerYear: countedYears > 0 ? mwhSum / countedYears : 0,
    events,
    meanEventHours: events > 0 ? eventHours / events : 0,
    maxEventHours,
    shareHoursRetaining50: share(retaining[0]),
    shareHoursRetaining75: share(retaining[1]),
    shareHoursRetaining90: share(retaining[2]),
    curtailedHoursByMonthHour: byMonthHour,
  };
}

/** A contiguous hourly load from firstMs (UTC) with its calendar in timeZone; each local calendar year counts the hours present. */
export function systemLoadOf(loadMw: Float64Array, firstMs: number, timeZone: string): SystemLoad & { firstYear: number } {
  const hours = loadMw.length;
  const calendar = buildCalendar(new Date(firstMs).toISOString(), hours, timeZone);
  const firstYear = calendar.localYear[0];
  const yearIndex = new Uint16Array(hours);
  const yearHours = new Float64Array(hours > 0 ? calendar.localYear[hours - 1] - firstYear + 1 : 0);
  for (let i = 0; i < hours; i++) {
    yearIndex[i] = calendar.localYear[i] - firstYear;
    yearHours[yearIndex[i]]++;
  }
  const followsPrevious = new Uint8Array(hours).fill(1);
  if (hours > 0) followsPrevious[0] = 0;
  return { loadMw, localMonth: calendar.localMonth, localHour: calendar.localHour, yearIndex, yearHours, followsPrevious, firstYear };
}
