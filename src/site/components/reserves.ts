// Hourly reserve offers (grid.ancillary, RRS/ECRS-like): each hour the site offers the mining it
// runs beyond the demand-response commitment, up to offerMw, and earns the clearing price on it; a
// deployment sheds what was offered that hour (curtailment reason `ancillary`). An hour without
// mining running offers nothing, so nothing is ever undelivered.
import { z } from "zod";
import type { Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import type { MarketInputs } from "../../markets/replay";
import { deployments } from "../../scenario/fields";
import { columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent } from "../component";
import { Deployments, eventHours, type PlannedEventHours } from "../draws";

export const ReservesSchema = /* @__PURE__ */ z
  .strictObject({
    offerMw: z.number().positive().describe("Most MW offered in any hour."),
    priceUsdPerMwHour: z
      .number()
      .min(0)
      .describe("Clearing price of the reserve, $/MW-h (DOMAIN-FACTS: ECRS averaged $9.62 in 2024, $4.74 in Jul-Aug 2024; all AS ~$1.93 in Sept 2024)."),
    ...deployments({ min: 1, mode: 1, max: 3 }),
  })
  .describe(
    "Hourly reserve offers (RRS/ECRS-like): each hour the site offers the mining it runs (after any demand-response offer), up to offerMw, and earns the clearing price on it; a deployment sheds what was offered that hour (reason ancillary). An hour without mining running offers nothing, so nothing is ever undelivered.",
  );

export type ReservesInput = z.output<typeof ReservesSchema>;

const RUN_COLUMNS = [
  { name: "ancillary_revenue_usd", unit: "$", cash: 1, label: "Reserve (ancillary) payments", description: "Hourly reserve (RRS/ECRS-like) payments: MW offered x clearing price, $." },
  { name: "curtailed_ancillary_mwh", unit: "MWh", label: "Shed in reserve deployments, MWh", description: "Mining energy shed in ancillary-service deployments, MWh." },
  { name: "ancillary_deployment_hours", unit: "hours", label: "Reserve deployment hours", description: "Hours under an ancillary-service deployment." },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

const TRACE_COLUMNS = [
  { name: "curtailed_ancillary_mw", unit: "MW", curtailment: { reason: "ancillary", rank: 6 }, label: "reserve", description: "Shed in an ancillary-service deployment, MW." },
  { name: "ancillary_offered_mw", unit: "MW", description: "MW offered as hourly reserve (running mining beyond the demand-response offer, up to offerMw)." },
  { name: "ancillary_deployed_mw", unit: "MW", description: "MW deployed (shed) for the reserve." },
] as const satisfies readonly DeclaredColumn[];
const TRACE = columnIndex(TRACE_COLUMNS);

export interface ReservesConfig extends ReservesInput {
  hours: number;
  /** Recorded deployments (deploymentsFile), or null for Poisson draws per run. */
  recorded: PlannedEventHours | null;
}


class Reserves implements SiteComponent {
  private readonly deployments: Deployments;
  private offeredMw = 0;
  private deployedMw = 0;
  private revenueUsd = 0;
  private curtailedMwh = 0;
  private deploymentHours = 0;

  constructor(
    private readonly config: ReservesConfig,
    private readonly layout: ComponentLayout,
  ) {
    this.deployments = new Deployments(config.recorded, config.deploymentsPerYear, config.deploymentHours, "ancillary", config.hours, layout.eventKindBase);
  }

  reset(baseSeed: number, run: number, queue: EventQueue): void {
    this.revenueUsd = 0;
    this.curtailedMwh = 0;
    this.deploymentHours = 0;
    this.deployments.reset(baseSeed, run, queue);
  }

  fireEvent(kind: number): void {
    this.deployments.fire(kind);
  }

  beforeDispatch(): void {}

  afterDispatch(state: HourState): void {
    const c = this.config;
    const spareMw = state.miningMw - state.committedMiningMw;
    const offeredMw = c.offerMw < spareMw ? c.offerMw : spareMw > 0 ? spareMw : 0;
    const revenueUsd = offeredMw * c.priceUsdPerMwHour;
    this.offeredMw = offeredMw;
    this.deployedMw = 0;
    this.revenueUsd += revenueUsd;
    state.cashUsd += revenueUsd;
    if (this.deployments.active > 0) {
      this.deploymentHours++;
      if (offeredMw > 0) {
        this.deployedMw = offeredMw;
        this.curtailedMwh += offeredMw;
        state.shedder!.shedMining(state, offeredMw);
      }
    }
  }

  writeTrace(trace: Float64Array, rowStart: number): void {
    const at = rowStart + this.layout.traceStart;
    trace[at + TRACE.curtailed_ancillary_mw] = this.deployedMw;
    trace[at + TRACE.ancillary_offered_mw] = this.offeredMw;
    trace[at + TRACE.ancillary_deployed_mw] = this.deployedMw;
  }

  finish(metrics: Float64Array): void {
    const at = this.layout.metricStart;
    metrics[at + RUN.ancillary_revenue_usd] = this.revenueUsd;
    metrics[at + RUN.curtailed_ancillary_mwh] = this.curtailedMwh;
    metrics[at + RUN.ancillary_deployment_hours] = this.deploymentHours;
  }
}

export const reserves = {
  section: "grid",
  key: "ancillary",
  runColumns: RUN_COLUMNS,
  traceColumns: TRACE_COLUMNS,
  compile: (input: ReservesInput, calendar: Calendar, inputs: MarketInputs): ReservesConfig => ({
    ...input,
    hours: calendar.hours,
    recorded: inputs.ancillaryDeployments ? eventHours(inputs.ancillaryDeployments, calendar.startMs, calendar.hours) : null,
  }),
  create: (config: ReservesConfig, layout: ComponentLayout): SiteComponent => new Reserves(config, layout),
} as const satisfies ComponentKind<ReservesInput, ReservesConfig>;
