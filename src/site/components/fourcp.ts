// 4CP peak avoidance (grid.fourCp, PUCT 25.192): a calendar year's transmission charges are the
// site's mean import in the four monthly system peaks of the year before times the $/kW-yr rate.
// On alert days the mining that would run stays off through the window (reason `fourcp`, not in a
// grid emergency, which stops it anyway); alerts miss some peaks and raise false alarms. The
// charge is paid hour by hour through the next year.
import { z } from "zod";
import { HOURS_PER_YEAR, type Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import { RandomStream, streamSeed } from "../../engine/random";
import { forField, need } from "../../errors";
import { hourlyPath, type MarketInputs } from "../../markets/replay";
import { fraction, LocalHours, SeriesSource } from "../../scenario/fields";
import { columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent } from "../component";

export const FourCpSchema = /* @__PURE__ */ z
  .strictObject({
    transmissionUsdPerKwYear: z
      .number()
      .min(0)
      .default(50)
      .describe("Transmission charge per kW of 4CP tag per year, $/kW-yr (assumption: DOMAIN-FACTS gives ~$25 in 2013 and $50-150+ quoted now; the exact current rate was not found)."),
    months: z.array(z.number().int().min(1).max(12)).min(1).default([6, 7, 8, 9]).describe("Months (1-12, local) whose system peak sets the tag."),
    windowLocalHours: LocalHours.default({ from: 15, to: 18 }).describe(
      "Local hours in which system peaks fall (drawn uniformly, when no systemLoad is given) and which each peak alert covers (DOMAIN-FACTS: peaks usually ~3:00-5:30 pm).",
    ),
    missProbability: fraction("Probability that the day of a system peak gets no alert.").default(0.1),
    falseAlertsPerMonth: z.number().min(0).default(3).describe("Expected alert days a month on which no peak falls (each other weekday of a 4CP month is alerted with the same probability)."),
    priorTagMw: z.number().min(0).default(0).describe("4CP tag carried in from the year before the start, MW: charges in the first calendar year. 0 leaves them out."),
    systemLoad: SeriesSource.optional().describe(
      "A recorded system load series (e.g. ERCOT's load), replayed like prices: each 4CP month's peak is its hour of highest load. Without it, each month's peak falls on a weekday and window hour drawn per run.",
    ),
  })
  .describe(
    "4CP peak avoidance (PUCT 25.192): the site's transmission charges for a calendar year are its mean import in the four monthly system peaks of the year before times the $/kW-yr rate. On alert days the site curtails all mining in the window (reason fourcp); alerts miss some peaks and raise false alarms. The charge is paid hour by hour through the next year.",
  );

export type FourCpInput = z.output<typeof FourCpSchema>;

const RUN_COLUMNS = [
  { name: "fourcp_charge_usd", unit: "$", cash: -1, label: "4CP charges", description: "4CP transmission charges paid: each calendar year's tag (mean import in the previous year's system peaks; priorTagMw in the first year) x rate, $." },
  {
    name: "fourcp_savings_usd",
    unit: "$",
    saving: true,
    label: "4CP savings",
    description: "4CP charges avoided by curtailing on alerts: (tag had the site not curtailed - tag) x rate, over the years charged within the horizon, $.",
  },
  { name: "curtailed_fourcp_mwh", unit: "MWh", label: "Curtailed on 4CP alerts, MWh", description: "Mining energy curtailed on 4CP alerts, MWh." },
  { name: "fourcp_alert_hours", unit: "hours", label: "4CP alert hours", description: "Hours under a 4CP alert." },
  { name: "fourcp_peaks", unit: "count", description: "Monthly system peaks within the horizon." },
  { name: "fourcp_peaks_missed", unit: "count", description: "System peaks that fell outside an alert (the site's load counted in full)." },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

const TRACE_COLUMNS = [
  { name: "curtailed_fourcp_mw", unit: "MW", curtailment: { reason: "fourcp", rank: 4 }, label: "4CP", description: "Curtailed on a 4CP alert, MW." },
  { name: "fourcp_alert", unit: "1", description: "1 in hours under a 4CP alert, else 0." },
  { name: "fourcp_peak", unit: "1", description: "1 in the hour of a monthly system peak, else 0." },
  { name: "fourcp_charge_usd", unit: "$", description: "4CP transmission charge this hour, $." },
] as const satisfies readonly DeclaredColumn[];
const TRACE = columnIndex(TRACE_COLUMNS);

/** A 4CP month within the horizon: its local days' alert windows and, when system load is replayed, its peak. */
export interface FourCpMonth {
  billingYear: number;
  /** Per local day of the month: first and end (exclusive) hour of its window, and its weekday 0-6. */
  windowStart: Int32Array;
  windowEnd: Int32Array;
  weekday: Uint8Array;
  /** Hour of the month's system peak from the recorded load, or -1 to draw it per run. */
  peakHour: number;
}

/** 4CP peak avoidance, ready for the hour loop. */
export interface FourCpConfig {
  hours: number;
  /** Transmission charge per MW of tag per hour ($/kW-yr x 1000 / 8760). */
  usdPerMwTagHour: number;
  priorTagMw: number;
  missProbability: number;
  falseAlertsPerMonth: number;
  /** Local calendar year of each hour, counted from the start's year (0, 1, ...). */
  billingYear: Uint16Array;
  billingYears: number;
  months: FourCpMonth[];
}

/** Local days, billing years and the alert windows of every 4CP month in the horizon. */
function compileFourCp(spec: FourCpInput, calendar: Calendar, inputs: MarketInputs): FourCpConfig {
  const hours = calendar.hours;
  const billingYear = new Uint16Array(hours);
  const load = spec.systemLoad
    ? forField("grid.fourCp.systemLoad", () => hourlyPath(need(inputs.systemLoad, "grid.fourCp.systemLoad"), calendar.startMs, hours, 0, "hold", "loop"))
    : null;
  const months: FourCpMonth[] = [];
  const inFourCpMonth = (h: number) => spec.months.includes(calendar.localMonth[h] + 1);
  const inWindow = (h: number) => calendar.localHour[h] >= spec.windowLocalHours.from && calendar.localHour[h] < spec.windowLocalHours.to;
  let year = 0;
  let month: { billingYear: number; starts: number[]; ends: number[]; weekdays: number[]; peakHour: number } | null = null;
  const close = () => {
    if (month !== null) {
      months.push({
        billingYear: month.billingYear,
        windowStart: Int32Array.from(month.starts),
        windowEnd: Int32Array.from(month.ends),
        weekday: Uint8Array.from(month.weekdays),
        peakHour: load ? month.peakHour : -1,
      });
    }
    month = null;
  };
  for (let h = 0; h < hours; h++) {
    const localMonth = calendar.localMonth[h];
    if (h > 0 && localMonth === 0 && calendar.localMonth[h - 1] === 11) year++;
    billingYear[h] = year;
    const newMonth = h === 0 || localMonth !== calendar.localMonth[h - 1];
    if (newMonth) {
      close();
      if (inFourCpMonth(h)) month = { billingYear: year, starts: [], ends: [], weekdays: [], peakHour: h };
    }
    if (month === null) continue;
    // A window opens at its first hour of each local day (the hour before is outside it, or yesterday's).
    const opens = inWindow(h) && (h === 0 || !inWindow(h - 1) || calendar.localHour[h - 1] > calendar.localHour[h]);
    if (opens) {
      month.starts.push(h);
      month.ends.push(h + 1);
      month.weekdays.push(calendar.localWeekday[h]);
    } else if (inWindow(h)) {
      month.ends[month.ends.length - 1] = h + 1;
    }
    if (load && load[h] > load[month.peakHour]) month.peakHour = h;
  }
  close();
  return {
    hours,
    usdPerMwTagHour: (spec.transmissionUsdPerKwYear * 1000) / HOURS_PER_YEAR,
    priorTagMw: spec.priorTagMw,
    missProbability: spec.missProbability,
    falseAlertsPerMonth: spec.falseAlertsPerMonth,
    billingYear,
    billingYears: year + 1,
    months,
  };
}

/** Event kinds, relative to the component's base: an alert window starts, ends; the hour of a system peak (payload: its billing year). */
const ALERT_START = 0;
const ALERT_END = 1;
const PEAK = 2;

class FourCp implements SiteComponent {
  private alertActive = 0;
  /** Billing year of a system peak falling in the hour being stepped, or -1. */
  private peakYear = -1;
  /** Per billing year: the site's import summed over its system peaks, the same had it not curtailed, and the peaks counted. */
  private readonly peakImportMw: Float64Array;
  private readonly peakUncurtailedMw: Float64Array;
  private readonly peakCount: Float64Array;
  private curtailedMw = 0;
  private peakHour = 0;
  private chargeUsd = 0;
  private chargeSumUsd = 0;
  private savingsUsd = 0;
  private curtailedMwh = 0;
  private alertHours = 0;
  private peaks = 0;
  private peaksMissed = 0;

  constructor(
    private readonly config: FourCpConfig,
    private readonly layout: ComponentLayout,
  ) {
    this.peakImportMw = new Float64Array(config.billingYears);
    this.peakUncurtailedMw = new Float64Array(config.billingYears);
    this.peakCount = new Float64Array(config.billingYears);
  }

  reset(baseSeed: number, run: number, queue: EventQueue): void {
    this.alertActive = 0;
    this.peakYear = -1;
    this.peakImportMw.fill(0);
    this.peakUncurtailedMw.fill(0);
    this.peakCount.fill(0);
    this.chargeSumUsd = 0;
    this.savingsUsd = 0;
    this.curtailedMwh = 0;
    this.alertHours = 0;
    this.peaks = 0;
    this.peaksMissed = 0;
    this.schedule(new RandomStream(streamSeed(baseSeed, run, "fourcp")), queue);
  }

  /**
   * This run's 4CP months: the peak (recorded, or a weekday and window hour drawn uniformly), an
   * alert on the peak day unless it is missed, and false alerts on other weekdays, each with
   * probability falseAlertsPerMonth / (weekdays other than the peak day).
   */
  private schedule(rng: RandomStream, queue: EventQueue): void {
    const config = this.config;
    const base = this.layout.eventKindBase;
    for (const month of config.months) {
      const days = month.windowStart.length;
      if (days === 0) continue;
      let peakDay = -1;
      let peakHour = month.peakHour;
      const isWeekday = (d: number) => month.weekday[d] >= 1 && month.weekday[d] <= 5;
      if (peakHour >= 0) {
        // A recorded peak belongs to the last day whose window starts at or before it (none if it comes before the first).
        for (let d = 0; d < days; d++) if (month.windowStart[d] <= peakHour) peakDay = d;
      } else {
        let weekdays = 0;
        for (let d = 0; d < days; d++) if (isWeekday(d)) weekdays++;
        const pick = Math.floor(rng.uniform() * (weekdays > 0 ? weekdays : days));
        for (let d = 0, seen = 0; d < days && peakDay < 0; d++) {
          if (weekdays === 0 || isWeekday(d)) {
            if (seen === pick) peakDay = d;
            seen++;
          }
        }
        const windowHours = month.windowEnd[peakDay] - month.windowStart[peakDay];
        peakHour = month.windowStart[peakDay] + Math.floor(rng.uniform() * windowHours);
      }
      queue.schedule(peakHour, 4, base + PEAK, month.billingYear);
      let otherWeekdays = 0;
      for (let d = 0; d < days; d++) if (d !== peakDay && isWeekday(d)) otherWeekdays++;
      const falseAlertProbability = otherWeekdays > 0 ? Math.min(1, config.falseAlertsPerMonth / otherWeekdays) : 0;
      for (let d = 0; d < days; d++) {
        const u = rng.uniform();
        const alerted = d === peakDay ? u >= config.missProbability : isWeekday(d) && u < falseAlertProbability;
        if (!alerted) continue;
        queue.schedule(month.windowStart[d], 3, base + ALERT_START, 0);
        if (month.windowEnd[d] < config.hours) queue.schedule(month.windowEnd[d], 3, base + ALERT_END, 0);
      }
    }
  }

  fireEvent(kind: number, payload: number): void {
    if (kind === ALERT_START) this.alertActive++;
    else if (kind === ALERT_END) this.alertActive--;
    else if (kind === PEAK) this.peakYear = payload;
  }

  beforeDispatch(state: HourState): void {
    // An emergency stops the mining anyway: the alert then curtails nothing of its own.
    if (this.alertActive > 0 && !state.stopMining) state.holdMining = true;
  }

  afterDispatch(state: HourState): void {
    const config = this.config;
    const heldMw = state.heldMiningMw;
    // The site's import in a system peak sets next year's tag; this year's tag is charged.
    const importMw = state.aiGridMw + state.miningMw;
    if (this.peakYear >= 0) {
      const y = this.peakYear;
      this.peakImportMw[y] += importMw;
      this.peakUncurtailedMw[y] += importMw + heldMw;
      this.peakCount[y]++;
      this.peaks++;
      if (this.alertActive === 0) this.peaksMissed++;
    }
    const year = config.billingYear[state.hour];
    const counted = year > 0 && this.peakCount[year - 1] > 0;
    const tagMw = counted ? this.peakImportMw[year - 1] / this.peakCount[year - 1] : config.priorTagMw;
    const uncurtailedTagMw = counted ? this.peakUncurtailedMw[year - 1] / this.peakCount[year - 1] : config.priorTagMw;
    const chargeUsd = tagMw * config.usdPerMwTagHour;
    this.chargeUsd = chargeUsd;
    this.chargeSumUsd += chargeUsd;
    this.savingsUsd += (uncurtailedTagMw - tagMw) * config.usdPerMwTagHour;
    if (this.alertActive > 0) this.alertHours++;
    this.curtailedMw = heldMw;
    this.curtailedMwh += heldMw;
    this.peakHour = this.peakYear >= 0 ? 1 : 0;
    this.peakYear = -1;
    state.cashUsd -= chargeUsd;
  }

  writeTrace(trace: Float64Array, rowStart: number): void {
    const at = rowStart + this.layout.traceStart;
    trace[at + TRACE.curtailed_fourcp_mw] = this.curtailedMw;
    trace[at + TRACE.fourcp_alert] = this.alertActive > 0 ? 1 : 0;
    trace[at + TRACE.fourcp_peak] = this.peakHour;
    trace[at + TRACE.fourcp_charge_usd] = this.chargeUsd;
  }

  finish(metrics: Float64Array): void {
    const at = this.layout.metricStart;
    metrics[at + RUN.fourcp_charge_usd] = this.chargeSumUsd;
    metrics[at + RUN.fourcp_savings_usd] = this.savingsUsd;
    metrics[at + RUN.curtailed_fourcp_mwh] = this.curtailedMwh;
    metrics[at + RUN.fourcp_alert_hours] = this.alertHours;
    metrics[at + RUN.fourcp_peaks] = this.peaks;
    metrics[at + RUN.fourcp_peaks_missed] = this.peaksMissed;
  }
}

export const fourCp = {
  section: "grid",
  key: "fourCp",
  runColumns: RUN_COLUMNS,
  traceColumns: TRACE_COLUMNS,
  compile: compileFourCp,
  create: (config: FourCpConfig, layout: ComponentLayout): SiteComponent => new FourCp(config, layout),
} as const satisfies ComponentKind<FourCpInput, FourCpConfig>;
