// Mining-to-AI conversions (the scenario's `conversions`): on its start date a project takes mining
// offline (the least efficient classes first) and sells the ASICs; its build is paid in equal
// monthly parts over a duration drawn per run, with an overrun drawn per run; when it completes,
// the receiving hall gains the converted IT and buys its equipment, again every equipment life.
// Events only: nothing happens in the hour itself.
import { z } from "zod";
import { HOURS_PER_YEAR, hourOf, type Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import { RandomStream, streamSeed } from "../../engine/random";
import { isoDate, Triangular } from "../../scenario/fields";
import { CAPEX_CLASS_BUILD, CAPEX_CLASS_EQUIPMENT, columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type SiteAssets, type SiteComponent, type SiteContext } from "../component";
import { triangular } from "../draws";

const HOURS_PER_MONTH = 730;

export const ConversionSchema = /* @__PURE__ */ z
  .strictObject({
    name: z.string().min(1).describe("Label of the conversion project."),
    start: isoDate.describe("When the mining comes off and work starts (UTC)."),
    miningMwOffline: z.number().positive().describe("Site MW of mining taken offline at the start, from the least efficient ASIC classes first."),
    hall: z.string().min(1).describe("Name of the AI hall (in ai.halls) that receives the converted IT load."),
    itMw: z.number().positive().optional().describe("Critical IT MW brought online; default miningMwOffline x itMwPerMiningMw."),
    itMwPerMiningMw: z
      .number()
      .positive()
      .max(1)
      .default(0.7)
      .describe("Density/redundancy factor: IT MW per MW of mining removed (DOMAIN-FACTS: grid-to-IT 1.21-1.52 in miner conversions, e.g. 100 MW -> ~70 MW IT at Muskogee)."),
    durationMonths: Triangular.default({ min: 7, mode: 11, max: 18 }).describe("Months from start to IT online, drawn per run (DOMAIN-FACTS: shell conversions 7-13 months, slips of a quarter seen)."),
    capexUsdPerMwIt: z.number().min(0).default(10_000_000).describe("Build cost (shell, power, cooling) per MW of IT before overrun, $; paid in equal monthly parts from the start through the drawn duration (DOMAIN-FACTS: $9-11M/MW). The receiving hall's equipmentCapexUsdPerMwIt is paid on completion and every equipmentLifeYears, as for its own phases."),
    capexOverrunFraction: Triangular.default({ min: 0, mode: 0.1, max: 0.5 }).describe("Overrun on the build cost, drawn per run (assumption)."),
    asicResaleUsdPerMw: z.number().min(0).default(0).describe("Cash from selling the removed ASICs, per MW of mining removed, $ at the start."),
  })
  .describe("A conversion project: mining offline on a date, AI IT online after an uncertain duration, with uncertain capex.");

export const ConversionsSchema = /* @__PURE__ */ z.array(ConversionSchema).default([]).describe("Mining-to-AI conversion projects.");
export type ConversionsInput = z.output<typeof ConversionsSchema>;

const RUN_COLUMNS = [
  { name: "first_conversion_months", unit: "months", label: "First conversion, months to IT online", empty: true, description: "Drawn duration of the first conversion project, months from its start to IT online; empty if none." },
  {
    name: "conversion_capex_usd",
    unit: "$",
    label: "Conversion build cost (with overruns)",
    description: "Build cost of all conversion projects with their drawn overruns, $ (paid in monthly parts through the drawn duration; only what falls within the horizon counts in capex_usd).",
  },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

/** A conversion ready for the run: its start hour and what per-run draws scale. */
export interface PlannedConversion {
  startHour: number;
  hallIndex: number;
  miningMwOffline: number;
  itMw: number;
  durationMonths: { min: number; mode: number; max: number };
  capexUsd: number;
  overrun: { min: number; mode: number; max: number };
  resaleUsd: number;
  /** Life of the receiving hall's build, hours (for the salvage value). */
  buildLifeHours: number;
  /** The receiving hall's equipment cost for this IT, paid on completion and every equipmentLifeHours. */
  equipmentUsd: number;
  equipmentLifeHours: number;
}

export interface ConversionsConfig {
  conversions: PlannedConversion[];
  hours: number;
  /** No equipment is bought again from this hour on (finance.noRefreshWithinMonths). */
  lastRefreshHour: number;
}

/** Event kinds, relative to the component's base. Simultaneous events fire in the order scheduled. */
const START = 0;
const DONE = 1;
const REFRESH = 2;
const PAYMENT = 3;
/** Priority of every conversion event: after the halls' phases and contract ends (0), ASIC refreshes (1) and the halls' capex (2, scheduled earlier) of the same hour. */
const PRIORITY = 2;

class Conversions implements SiteComponent {
  /** Per conversion, this run: drawn duration (months) and build cost with overrun ($). */
  private readonly months: Float64Array;
  private readonly capexUsd: Float64Array;

  constructor(
    private readonly config: ConversionsConfig,
    private readonly layout: ComponentLayout,
    private readonly site: SiteAssets,
  ) {
    this.months = new Float64Array(config.conversions.length);
    this.capexUsd = new Float64Array(config.conversions.length);
  }

  reset(baseSeed: number, run: number, queue: EventQueue): void {
    const { conversions, hours, lastRefreshHour } = this.config;
    const base = this.layout.eventKindBase;
    const rng = new RandomStream(streamSeed(baseSeed, run, "conversions"));
    conversions.forEach((c, i) => {
      this.months[i] = triangular(rng.uniform(), c.durationMonths.min, c.durationMonths.mode, c.durationMonths.max);
      this.capexUsd[i] = c.capexUsd * (1 + triangular(rng.uniform(), c.overrun.min, c.overrun.mode, c.overrun.max));
      const startHour = Math.max(0, c.startHour);
      if (startHour < hours) queue.schedule(startHour, PRIORITY, base + START, i);
      const doneHour = startHour + Math.round(this.months[i] * HOURS_PER_MONTH);
      // The build is paid in equal monthly parts from the start through the drawn duration.
      const payments = Math.max(1, Math.ceil(this.months[i]));
      for (let k = 0; k < payments && startHour + k * HOURS_PER_MONTH < hours; k++) queue.schedule(startHour + k * HOURS_PER_MONTH, PRIORITY, base + PAYMENT, i);
      if (doneHour < hours) queue.schedule(doneHour, PRIORITY, base + DONE, i);
      for (let refresh = doneHour + c.equipmentLifeHours; c.equipmentUsd > 0 && refresh < lastRefreshHour; refresh += c.equipmentLifeHours) {
        queue.schedule(refresh, PRIORITY, base + REFRESH, i);
      }
    });
  }

  fireEvent(kind: number, i: number, hour: number): void {
    const c = this.config.conversions[i];
    const site = this.site;
    if (kind === START) {
      site.retireMining(c.miningMwOffline);
      site.sell(c.resaleUsd, hour);
    } else if (kind === DONE) {
      site.addHallIt(c.hallIndex, c.itMw);
      if (site.hallActive(c.hallIndex)) site.buy(c.equipmentUsd, hour, c.equipmentLifeHours, CAPEX_CLASS_EQUIPMENT, true);
    } else if (kind === PAYMENT) {
      site.buy(this.capexUsd[i] / Math.max(1, Math.ceil(this.months[i])), hour, c.buildLifeHours, CAPEX_CLASS_BUILD, true);
    } else if (kind === REFRESH) {
      if (site.hallActive(c.hallIndex)) site.buy(c.equipmentUsd, hour, c.equipmentLifeHours, CAPEX_CLASS_EQUIPMENT, true);
    }
  }

  beforeDispatch(): void {}
  afterDispatch(): void {}
  writeTrace(): void {}

  finish(metrics: Float64Array): void {
    let capexUsd = 0;
    for (let i = 0; i < this.capexUsd.length; i++) capexUsd += this.capexUsd[i];
    metrics[this.layout.metricStart + RUN.first_conversion_months] = this.months[0];
    metrics[this.layout.metricStart + RUN.conversion_capex_usd] = capexUsd;
  }
}

function compile(input: ConversionsInput, calendar: Calendar, _inputs: unknown, site: SiteContext): ConversionsConfig {
  return {
    hours: calendar.hours,
    lastRefreshHour: site.lastRefreshHour,
    conversions: input.map((c) => {
      const itMw = c.itMw ?? c.miningMwOffline * c.itMwPerMiningMw;
      const hallIndex = site.aiHalls.findIndex((h) => h.name === c.hall);
      const hall = site.aiHalls[hallIndex];
      return {
        equipmentUsd: itMw * hall.equipmentCapexUsdPerMwIt,
        equipmentLifeHours: Math.round(hall.equipmentLifeYears * HOURS_PER_YEAR),
        buildLifeHours: Math.round(hall.buildLifeYears * HOURS_PER_YEAR),
        startHour: hourOf(calendar, c.start),
        hallIndex,
        miningMwOffline: c.miningMwOffline,
        itMw,
        durationMonths: c.durationMonths,
        capexUsd: itMw * c.capexUsdPerMwIt,
        overrun: c.capexOverrunFraction,
        resaleUsd: c.miningMwOffline * c.asicResaleUsdPerMw,
      };
    }),
  };
}

export const conversions = {
  section: "root",
  key: "conversions",
  hourly: false,
  runColumns: RUN_COLUMNS,
  traceColumns: [],
  compile,
  create: (config: ConversionsConfig, layout: ComponentLayout, site: SiteAssets): SiteComponent => new Conversions(config, layout, site),
} as const satisfies ComponentKind<ConversionsInput, ConversionsConfig>;
