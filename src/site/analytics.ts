// Curtailment analytics of one traced run: its curtailment events, and its curtailment by reason
// by month and hour of day, its load-duration curve and its price-response curve. Pure functions
// of the hourly trace; the writers in io turn them into events.csv and curtailment.csv.
import { CURTAIL_REASONS, CURTAILMENT_REASONS, TRACE, TRACE_COLUMNS } from "./columns";
import { EPSILON_MW } from "./component";
import type { RunPlan } from "./plan";
import { TRACE_REASON_COLUMN, traceWidth } from "./simulation";

/** Curtailment reasons with their MW column in the trace (declared in src/site/columns.ts). */
const REASON_COLUMNS = CURTAILMENT_REASONS.map((r) => [r.name, TRACE_COLUMNS.findIndex((c) => c.name === r.column)] as const);

/** Reasons in curtailment.csv: each one, then "all". */
export const PROFILE_REASONS = [...REASON_COLUMNS.map(([name]) => name), "all"] as const;

/** Price bins of the price-response curve, $/MWh: [edge i, edge i+1). */
export const PRICE_BIN_EDGES = [-Infinity, 0, 20, 40, 60, 80, 100, 150, 200, 300, 500, 1000, Infinity] as const;
/** Shares of hours (percent) at which the load-duration curve is read. */
export const DURATION_PERCENTS = [0, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 100] as const;

export function priceBinLabel(i: number): string {
  const lo = PRICE_BIN_EDGES[i];
  const hi = PRICE_BIN_EDGES[i + 1];
  if (lo === -Infinity) return `<${hi}`;
  if (hi === Infinity) return `>=${lo}`;
  return `${lo}-${hi}`;
}

/** One curtailment event: consecutive hours with the same main reason. */
export interface CurtailmentEvent {
  startHour: number;
  /** First hour after the event. */
  endHour: number;
  reason: string;
  meanMw: number;
  maxMw: number;
  mwh: number;
  meanPriceUsdPerMwh: number;
}

/** The run's curtailment events, in time order. An event is a stretch of hours with the same curtail_reason; MW are that reason's. */
export function curtailmentEvents(plan: RunPlan, trace: Float64Array): CurtailmentEvent[] {
  const width = traceWidth(plan);
  const events: CurtailmentEvent[] = [];
  let h = 0;
  while (h < plan.hours) {
    const code = trace[h * width + TRACE_REASON_COLUMN];
    if (code === 0) {
      h++;
      continue;
    }
    const reason = CURTAIL_REASONS[code];
    const column = REASON_COLUMNS.find(([name]) => name === reason)![1];
    const start = h;
    let mwh = 0;
    let maxMw = 0;
    let priceSum = 0;
    while (h < plan.hours && trace[h * width + TRACE_REASON_COLUMN] === code) {
      const mw = trace[h * width + column];
      mwh += mw;
      if (mw > maxMw) maxMw = mw;
      priceSum += trace[h * width + TRACE.price_usd_per_mwh];
      h++;
    }
    const hours = h - start;
    events.push({ startHour: start, endHour: h, reason, meanMw: mwh / hours, maxMw, mwh, meanPriceUsdPerMwh: priceSum / hours });
  }
  return events;
}

/** One row of curtailment.csv (without the run). */
export interface ProfileRow {
  view: "by_month" | "by_hour_of_day" | "price_response" | "load_duration";
  bin: string;
  reason: string;
  curtailedMwh: number;
  curtailedHours: number;
  miningCapacityMwh: number;
  /** curtailedMwh / miningCapacityMwh (NaN when there was no capacity). */
  curtailedShare: number;
  /** load_duration only: site import exceeded in bin percent of hours, MW. */
  siteImportMw: number;
  /** Hours that fall in the bin. */
  hours: number;
}

/** Curtailed MWh and hours by reason per month of year, hour of day and price bin; and the load-duration curve. */
export function curtailmentProfile(plan: RunPlan, trace: Float64Array): ProfileRow[] {
  const width = traceWidth(plan);
  const calendar = plan.calendar;
  const reasons = PROFILE_REASONS.length;
  const views = [
    { view: "by_month" as const, bins: 12, label: (b: number) => String(b + 1), binOf: (h: number) => calendar.localMonth[h] },
    { view: "by_hour_of_day" as const, bins: 24, label: (b: number) => String(b), binOf: (h: number) => calendar.localHour[h] },
    {
      view: "price_response" as const,
      bins: PRICE_BIN_EDGES.length - 1,
      label: priceBinLabel,
      binOf: (h: number) => {
        const price = trace[h * width + TRACE.price_usd_per_mwh];
        let b = 0;
        while (price >= PRICE_BIN_EDGES[b + 1]) b++;
        return b;
      },
    },
  ];
  const rows: ProfileRow[] = [];
  for (const { view, bins, label, binOf } of views) {
    const mwh = new Float64Array(bins * reasons);
    const hoursCurtailed = new Float64Array(bins * reasons);
    const capacityMwh = new Float64Array(bins);
    const hoursInBin = new Float64Array(bins);
    for (let h = 0; h < plan.hours; h++) {
      const b = binOf(h);
      const row = h * width;
      capacityMwh[b] += trace[row + TRACE.mining_capacity_mw];
      hoursInBin[b]++;
      let all = 0;
      for (let r = 0; r < REASON_COLUMNS.length; r++) {
        const mw = trace[row + REASON_COLUMNS[r][1]];
        all += mw;
        mwh[b * reasons + r] += mw;
        if (mw > EPSILON_MW) hoursCurtailed[b * reasons + r]++;
      }
      mwh[b * reasons + reasons - 1] += all;
      if (all > EPSILON_MW) hoursCurtailed[b * reasons + reasons - 1]++;
    }
    for (let b = 0; b < bins; b++) {
      for (let r = 0; r < reasons; r++) {
        const curtailedMwh = mwh[b * reasons + r];
        rows.push({
          view,
          bin: label(b),
          reason: PROFILE_REASONS[r],
          curtailedMwh,
          curtailedHours: hoursCurtailed[b * reasons + r],
          miningCapacityMwh: capacityMwh[b],
          curtailedShare: capacityMwh[b] > 0 ? curtailedMwh / capacityMwh[b] : NaN,
          siteImportMw: NaN,
          hours: hoursInBin[b],
        });
      }
    }
  }
  const importMw = new Float64Array(plan.hours);
  for (let h = 0; h < plan.hours; h++) importMw[h] = trace[h * width + TRACE.import_mw];
  importMw.sort().reverse();
  for (const percent of DURATION_PERCENTS) {
    const hours = Math.round((percent / 100) * (plan.hours - 1));
    rows.push({
      view: "load_duration",
      bin: String(percent),
      reason: "",
      curtailedMwh: NaN,
      curtailedHours: NaN,
      miningCapacityMwh: NaN,
      curtailedShare: NaN,
      siteImportMw: plan.hours > 0 ? importMw[hours] : NaN,
      hours,
    });
  }
  return rows;
}
