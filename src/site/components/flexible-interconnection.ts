// A flexible interconnection (site.flexibleInterconnection; Texas SB 6, conditional firm service,
// ERCOT large flexible loads): part of the interconnect is granted on a curtailable basis. When the
// system load S is above its threshold T the system's flexible load A is cut by min(A, S + A - T),
// and the site's flexible MW by the same share: the site's import limit falls. Mining sheds first
// (reason flexible_interconnection); AI is cut only when mining is not enough.
import { z } from "zod";
import type { Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import { RandomStream, streamSeed } from "../../engine/random";
import { forField, InputError, need } from "../../errors";
import { PowerBootstrapProcess, PowerReplayProcess, type DayPool, type PowerPriceModel } from "../../markets/power";
import { dayPool, hourlyPath, type MarketInputs } from "../../markets/replay";
import { SeriesSource } from "../../scenario/fields";
import { headroomMw, isSummerThresholdMonth, seasonalThresholds, systemLoadOf, thresholdByHour } from "../../system/headroom";
import { columnIndex, EPSILON_MW, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent, type SiteContext } from "../component";

export const FlexibleInterconnectionSchema = /* @__PURE__ */ z
  .strictObject({
    flexibleMw: z
      .number()
      .positive()
      .optional()
      .describe("MW of the interconnect granted on a flexible (conditional, curtailable) basis; the rest is firm. Default: the whole interconnect."),
    systemLoad: SeriesSource.describe(
      "The system's hourly load, MW (e.g. ERCOT native load made canonical with sim import series; from/to pick the years). It sets the thresholds and, replayed or bootstrapped, the hours in which the site is curtailed.",
    ),
    loadModel: z
      .enum(["replay", "bootstrap"])
      .default("replay")
      .describe("replay: the load's own hours where it covers the scenario, else looped by whole 52-week years; bootstrap: each simulated UTC day takes a random day of the load within windowDays of the same day of year, drawn per run."),
    windowDays: z.number().int().min(0).max(182).default(15).describe("bootstrap: days either side of the same day of year from which a day may be drawn."),
    threshold: z
      .discriminatedUnion("rule", [
        z.strictObject({ rule: z.literal("seasonal-peak") }).describe("The highest summer (Jun-Aug) and winter (Dec-Feb) loads of the series, applied Apr-Oct and Nov-Mar (local months): the method of sim headroom."),
        z.strictObject({ rule: z.literal("fixed"), mw: z.number().positive().describe("Threshold, MW.") }).describe("One threshold in every hour."),
      ])
      .default({ rule: "seasonal-peak" })
      .describe("System load above which flexible load is curtailed."),
    systemFlexibleMw: z
      .union([
        z.strictObject({ curtailmentLimitPct: z.number().positive().max(50).describe("Curtailment limit, percent: the flexible load is the system's headroom at this limit (sim headroom's method on the series).") }),
        z.strictObject({ mw: z.number().positive().describe("Flexible load added to the system, MW (set it to flexibleMw for a site alone).") }),
      ])
      .default({ curtailmentLimitPct: 0.5 })
      .describe("All the flexible load on the system, which shares each hour's curtailment pro rata with the site: in an hour with system load S and threshold T the flexible load A is cut by min(A, max(0, S + A - T)), so the site's flexible MW are cut by the same share."),
    aiSlaPenalty: z.boolean().default(true).describe("Whether AI load cut because mining was not enough pays the halls' SLA penalty (it is unserved either way)."),
  })
  .describe(
    "Interconnection on a flexible basis (Texas SB 6, conditional firm service, ERCOT large flexible loads): in hours when the system load is above its threshold the site's import limit falls by its share of the required curtailment. Mining sheds first (reason flexible_interconnection); AI is cut only when mining is not enough.",
  );

export type FlexibleInterconnectionInput = z.output<typeof FlexibleInterconnectionSchema>;

const RUN_COLUMNS = [
  { name: "flex_limited_hours", unit: "hours", label: "Hours with the import limit lowered", description: "Flexible interconnection: hours in which the grid lowered the site's import limit (the system load was above its threshold)." },
  { name: "flex_obligation_mwh", unit: "MWh", description: "Flexible interconnection: MWh by which the grid lowered the import limit (the site's flexible MW x the hour's share of the system's curtailment), MWh." },
  {
    name: "curtailed_flexible_interconnection_mwh",
    unit: "MWh",
    label: "Curtailed by the flexible interconnection, MWh",
    description: "Mining energy curtailed because the lowered import limit left no room for it (it would have run under the whole interconnect), MWh.",
  },
  { name: "flex_curtailed_hours", unit: "hours", description: "Hours in which the site had to curtail load (mining or AI) below what it would have drawn, because of the lowered import limit." },
  { name: "ai_cut_flexible_mwh", unit: "MWh", label: "AI cut by the flexible interconnection, MWh", description: "AI energy cut because the lowered import limit was below the AI load (mining was not enough), MWh (also in ai_unserved_mwh)." },
  { name: "ai_cut_flexible_hours", unit: "hours", description: "Hours in which AI load was cut by the flexible interconnection." },
  {
    name: "flex_mining_share",
    unit: "1",
    empty: true,
    description:
      "curtailed_flexible_interconnection_mwh / (that + ai_cut_flexible_mwh): the share of the site's forced curtailment covered by mining; empty when none (mining already off for price covers the rest of flex_obligation_mwh).",
  },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

const TRACE_COLUMNS = [
  { name: "system_load_mw", unit: "MW", empty: true, description: "System load under a flexible interconnection (replayed or bootstrapped), MW; empty without one." },
  {
    name: "curtailed_flexible_interconnection_mw",
    unit: "MW",
    curtailment: { reason: "flexible_interconnection", rank: 3 },
    label: "flexible interconnection",
    description: "Mining curtailed by the flexible interconnection's lowered import limit, MW.",
  },
  { name: "ai_cut_flexible_mw", unit: "MW", description: "AI site load cut by the flexible interconnection's lowered import limit, MW." },
] as const satisfies readonly DeclaredColumn[];
const TRACE = columnIndex(TRACE_COLUMNS);

/** A flexible interconnection, ready for the hour loop. */
export interface FlexibleInterconnectionConfig {
  /** MW of the interconnect that the grid may curtail. */
  flexibleMw: number;
  /** All the flexible load on the system that shares each hour's curtailment pro rata, MW (> 0). */
  systemFlexibleMw: number;
  /** Threshold in force in each simulated hour, MW. */
  thresholdMw: Float64Array;
  /** Summer (Apr-Oct) and winter (Nov-Mar) thresholds, MW (equal for a fixed threshold). */
  summerThresholdMw: number;
  winterThresholdMw: number;
  /** Replayed system load per simulated hour, or null when bootstrapped. */
  loadMw: Float64Array | null;
  /** Days to bootstrap the system load from, or null when replayed. */
  loadDayPool: DayPool | null;
  aiSlaPenalty: boolean;
}

/**
 * Thresholds from the whole recorded load (seasonal peaks, or fixed), the system's flexible load
 * (given, or its headroom at a curtailment limit by sim headroom's method), and the load the
 * simulated hours see (replayed, or a day pool to bootstrap from).
 */
function compileFlexibleInterconnection(spec: FlexibleInterconnectionInput, calendar: Calendar, inputs: MarketInputs, site: SiteContext): FlexibleInterconnectionConfig {
  const field = "site.flexibleInterconnection";
  const series = need(inputs.flexibleSystemLoad, `${field}.systemLoad`);
  if (series.stepMs !== 3_600_000) throw new InputError(`${field}.systemLoad: expected an hourly system load (found one row a day)`);
  const bad = series.values.findIndex((v) => !(v >= 0));
  if (bad >= 0) throw new InputError(`${field}.systemLoad: expected loads >= 0 MW (found ${series.values[bad]} at ${new Date(series.startMs + bad * series.stepMs).toISOString()})`);
  const flexibleMw = spec.flexibleMw ?? site.interconnectMw;
  if (flexibleMw > site.interconnectMw) {
    throw new InputError(`${field}.flexibleMw: expected at most the interconnect, ${site.interconnectMw} MW (found ${flexibleMw})`);
  }
  const load = systemLoadOf(series.values, series.startMs, site.timezone);
  let summerThresholdMw: number;
  let winterThresholdMw: number;
  if (spec.threshold.rule === "fixed") {
    summerThresholdMw = winterThresholdMw = spec.threshold.mw;
  } else {
    const t = seasonalThresholds(load);
    if (!Number.isFinite(t.summerMw) || !Number.isFinite(t.winterMw)) {
      throw new InputError(`${field}.systemLoad: expected hours in both June-August and December-February to set the seasonal-peak thresholds`);
    }
    summerThresholdMw = t.summerMw;
    winterThresholdMw = t.winterMw;
  }
  const thresholdOf = (month0: number) => (isSummerThresholdMonth(month0) ? summerThresholdMw : winterThresholdMw);
  let systemFlexibleMw: number;
  if ("mw" in spec.systemFlexibleMw) systemFlexibleMw = spec.systemFlexibleMw.mw;
  else {
    const recordedThresholds = spec.threshold.rule === "fixed" ? new Float64Array(load.loadMw.length).fill(spec.threshold.mw) : thresholdByHour(load.localMonth, { summerMw: summerThresholdMw, winterMw: winterThresholdMw });
    systemFlexibleMw = headroomMw(load, recordedThresholds, spec.systemFlexibleMw.curtailmentLimitPct / 100);
    if (!(systemFlexibleMw > 0) || !Number.isFinite(systemFlexibleMw)) {
      throw new InputError(
        `${field}.systemFlexibleMw.curtailmentLimitPct: expected a limit at which the system has headroom (found ${systemFlexibleMw} MW at ${spec.systemFlexibleMw.curtailmentLimitPct}%); raise it or give systemFlexibleMw.mw`,
      );
    }
  }
  const hours = calendar.hours;
  const thresholdMw = new Float64Array(hours);
  for (let h = 0; h < hours; h++) thresholdMw[h] = thresholdOf(calendar.localMonth[h]);
  return {
    flexibleMw,
    systemFlexibleMw,
    thresholdMw,
    summerThresholdMw,
    winterThresholdMw,
    loadMw: spec.loadModel === "replay" ? forField(`${field}.systemLoad`, () => hourlyPath(series, calendar.startMs, hours, 0, "hold", "loop")) : null,
    loadDayPool: spec.loadModel === "bootstrap" ? forField(`${field}.systemLoad`, () => dayPool(series, calendar.startMs, hours, spec.windowDays)) : null,
    aiSlaPenalty: spec.aiSlaPenalty,
  };
}

class FlexibleInterconnection implements SiteComponent {
  private readonly systemLoad: PowerPriceModel;
  private systemLoadMw = 0;
  private curtailedMw = 0;
  private aiCutMw = 0;
  private limitedHours = 0;
  private obligationMwh = 0;
  private curtailedMwh = 0;
  private curtailedHours = 0;
  private aiCutMwh = 0;
  private aiCutHours = 0;

  constructor(
    private readonly config: FlexibleInterconnectionConfig,
    private readonly layout: ComponentLayout,
  ) {
    this.systemLoad = config.loadMw !== null ? new PowerReplayProcess(config.loadMw) : new PowerBootstrapProcess(config.loadDayPool!);
  }

  reset(baseSeed: number, run: number, _queue: EventQueue): void {
    this.systemLoad.reset(new RandomStream(streamSeed(baseSeed, run, "system-load")));
    this.limitedHours = 0;
    this.obligationMwh = 0;
    this.curtailedMwh = 0;
    this.curtailedHours = 0;
    this.aiCutMwh = 0;
    this.aiCutHours = 0;
  }

  fireEvent(): void {}

  beforeDispatch(state: HourState): void {
    const c = this.config;
    this.systemLoad.step(state.hour, 0);
    this.systemLoadMw = this.systemLoad.priceUsdPerMwh;
    const overMw = this.systemLoadMw + c.systemFlexibleMw - c.thresholdMw[state.hour];
    if (overMw > 0) {
      const cutMw = c.flexibleMw * (overMw < c.systemFlexibleMw ? overMw / c.systemFlexibleMw : 1);
      state.importLimitMw -= cutMw;
      this.limitedHours++;
      this.obligationMwh += cutMw;
    }
    if (!c.aiSlaPenalty) state.importCutPenalised = false;
  }

  afterDispatch(state: HourState): void {
    this.curtailedMw = state.miningCutByLimitMw;
    this.aiCutMw = state.aiCutByLimitMw;
    this.curtailedMwh += this.curtailedMw;
    this.aiCutMwh += this.aiCutMw;
    if (this.aiCutMw > EPSILON_MW) this.aiCutHours++;
    if (this.curtailedMw + this.aiCutMw > EPSILON_MW) this.curtailedHours++;
  }

  writeTrace(trace: Float64Array, rowStart: number): void {
    const at = rowStart + this.layout.traceStart;
    trace[at + TRACE.system_load_mw] = this.systemLoadMw;
    trace[at + TRACE.curtailed_flexible_interconnection_mw] = this.curtailedMw;
    trace[at + TRACE.ai_cut_flexible_mw] = this.aiCutMw;
  }

  finish(metrics: Float64Array): void {
    const at = this.layout.metricStart;
    metrics[at + RUN.flex_limited_hours] = this.limitedHours;
    metrics[at + RUN.flex_obligation_mwh] = this.obligationMwh;
    metrics[at + RUN.curtailed_flexible_interconnection_mwh] = this.curtailedMwh;
    metrics[at + RUN.flex_curtailed_hours] = this.curtailedHours;
    metrics[at + RUN.ai_cut_flexible_mwh] = this.aiCutMwh;
    metrics[at + RUN.ai_cut_flexible_hours] = this.aiCutHours;
    const forcedMwh = this.curtailedMwh + this.aiCutMwh;
    metrics[at + RUN.flex_mining_share] = forcedMwh > 0 ? this.curtailedMwh / forcedMwh : NaN;
  }
}

export const flexibleInterconnection = {
  section: "site",
  key: "flexibleInterconnection",
  runColumns: RUN_COLUMNS,
  traceColumns: TRACE_COLUMNS,
  compile: compileFlexibleInterconnection,
  create: (config: FlexibleInterconnectionConfig, layout: ComponentLayout): SiteComponent => new FlexibleInterconnection(config, layout),
} as const satisfies ComponentKind<FlexibleInterconnectionInput, FlexibleInterconnectionConfig>;
