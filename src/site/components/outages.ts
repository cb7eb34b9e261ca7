// Forced outages of the site (site.outages: storms, equipment): while one lasts, a share of the
// mining capacity is offline (curtailed with reason outage, beside units broken at restarts) and a
// share of the AI load (unserved, with the SLA penalty). Failures of single machines are in each
// class's availability.
import { z } from "zod";
import type { Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import { fraction, Triangular } from "../../scenario/fields";
import { columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent } from "../component";
import { Deployments } from "../draws";

export const OutagesSchema = /* @__PURE__ */ z
  .strictObject({
    perYear: z.number().min(0).max(50).describe("Expected forced outages a year (Poisson arrivals, drawn per run)."),
    durationHours: Triangular.default({ min: 24, mode: 72, max: 420 }).describe(
      "Length of each outage, hours, drawn per event (DOMAIN-FACTS: a June 2022 storm kept 75% of one miner's fleet offline for more than 2.5 weeks).",
    ),
    miningShareOffline: fraction("Share of the mining capacity an outage takes offline (DOMAIN-FACTS: 75% in the June 2022 storm).").default(0.75),
    aiShareOffline: fraction("Share of the AI load an outage takes offline (unserved, with the SLA penalty); AI halls usually have more redundancy than mining.").default(0),
  })
  .describe("Forced outages of the site (storms, equipment): mining offline is curtailed with reason outage. Failures of single machines are in each class's availability.");

export type OutagesInput = z.output<typeof OutagesSchema>;

const RUN_COLUMNS = [{ name: "outage_hours", unit: "hours", label: "Forced outage hours", description: "Hours under a forced outage." }] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

export interface OutagesConfig extends OutagesInput {
  hours: number;
}

class Outages implements SiteComponent {
  private readonly events: Deployments;
  private hours = 0;

  constructor(
    private readonly config: OutagesConfig,
    private readonly layout: ComponentLayout,
  ) {
    this.events = new Deployments(null, config.perYear, config.durationHours, "outages", config.hours, layout.eventKindBase);
  }

  reset(baseSeed: number, run: number, queue: EventQueue): void {
    this.hours = 0;
    this.events.reset(baseSeed, run, queue);
  }

  fireEvent(kind: number): void {
    this.events.fire(kind);
  }

  beforeDispatch(state: HourState): void {
    if (this.events.active <= 0) return;
    state.miningShareOffline = this.config.miningShareOffline;
    state.aiShareOffline = this.config.aiShareOffline;
  }

  afterDispatch(): void {
    if (this.events.active > 0) this.hours++;
  }

  writeTrace(): void {}

  finish(metrics: Float64Array): void {
    metrics[this.layout.metricStart + RUN.outage_hours] = this.hours;
  }
}

export const outages = {
  section: "site",
  key: "outages",
  runColumns: RUN_COLUMNS,
  traceColumns: [],
  compile: (input: OutagesInput, calendar: Calendar): OutagesConfig => ({ ...input, hours: calendar.hours }),
  create: (config: OutagesConfig, layout: ComponentLayout): SiteComponent => new Outages(config, layout),
} as const satisfies ComponentKind<OutagesInput, OutagesConfig>;
