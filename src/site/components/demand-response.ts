// Demand response with a fixed commitment (grid.demandResponse, ERS-like contract periods): within
// its contract hours the site offers the committed MW of mining, or the mining then running if
// less, for an availability payment; a deployment sheds that much from the end of the merit order
// (curtailment reason `demand_response`), and the part of the commitment that was not running to be
// shed is penalised.
import { z } from "zod";
import type { Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import type { MarketInputs } from "../../markets/replay";
import { deployments, LocalHours } from "../../scenario/fields";
import { columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent } from "../component";
import { Deployments, eventHours, type PlannedEventHours } from "../draws";

export const DemandResponseSchema = /* @__PURE__ */ z
  .strictObject({
    offerMw: z.number().positive().describe("MW of mining load committed to the program."),
    availabilityUsdPerMwHour: z.number().min(0).describe("Payment per MW offered per hour, $/MW-h; the MW offered each hour is the commitment or the mining then running, whichever is less."),
    ...deployments({ min: 1, mode: 2, max: 4 }),
    penaltyUsdPerMwh: z.number().min(0).default(0).describe("Penalty per MWh of the commitment not delivered in a deployment (mining that was not running to be shed), $/MWh."),
    contractLocalHours: LocalHours.default({ from: 0, to: 24 }).describe(
      "Local hours of each day in which the commitment holds (ERS time periods, e.g. business hours 8-13); outside them nothing is offered, paid or deployed.",
    ),
  })
  .describe("A demand-response program with a fixed commitment (ERS-like contract periods): mining load offered for an availability payment, shed when deployed (reason demand_response).");

export type DemandResponseInput = z.output<typeof DemandResponseSchema>;

const RUN_COLUMNS = [
  { name: "dr_availability_usd", unit: "$", cash: 1, label: "Demand-response availability", description: "Demand-response availability payments, $." },
  { name: "dr_penalty_usd", unit: "$", cash: -1, label: "Demand-response penalties", description: "Demand-response penalties for commitment not delivered in deployments, $." },
  { name: "curtailed_demand_response_mwh", unit: "MWh", label: "Shed in demand-response deployments, MWh", description: "Mining energy shed in demand-response deployments, MWh." },
  { name: "dr_deployment_hours", unit: "hours", label: "Demand-response deployment hours", description: "Hours under a demand-response deployment." },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

const TRACE_COLUMNS = [
  { name: "curtailed_demand_response_mw", unit: "MW", curtailment: { reason: "demand_response", rank: 5 }, label: "demand response", description: "Shed in a demand-response deployment, MW." },
  { name: "dr_offered_mw", unit: "MW", description: "MW offered to the demand-response program (never above the mining running)." },
  { name: "dr_deployed_mw", unit: "MW", description: "MW deployed (shed) for the demand-response program." },
] as const satisfies readonly DeclaredColumn[];
const TRACE = columnIndex(TRACE_COLUMNS);

export interface DemandResponseConfig extends DemandResponseInput {
  hours: number;
  /** Recorded deployments (deploymentsFile), or null for Poisson draws per run. */
  recorded: PlannedEventHours | null;
}


class DemandResponse implements SiteComponent {
  private readonly deployments: Deployments;
  private offeredMw = 0;
  private deployedMw = 0;
  private availabilityUsd = 0;
  private penaltyUsd = 0;
  private curtailedMwh = 0;
  private deploymentHours = 0;

  constructor(
    private readonly config: DemandResponseConfig,
    private readonly layout: ComponentLayout,
  ) {
    this.deployments = new Deployments(config.recorded, config.deploymentsPerYear, config.deploymentHours, "demand-response", config.hours, layout.eventKindBase);
  }

  reset(baseSeed: number, run: number, queue: EventQueue): void {
    this.availabilityUsd = 0;
    this.penaltyUsd = 0;
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
    this.offeredMw = 0;
    this.deployedMw = 0;
    if (state.localHour < c.contractLocalHours.from || state.localHour >= c.contractLocalHours.to) return;
    const offeredMw = c.offerMw < state.miningMw ? c.offerMw : state.miningMw;
    const availabilityUsd = offeredMw * c.availabilityUsdPerMwHour;
    this.offeredMw = offeredMw;
    this.availabilityUsd += availabilityUsd;
    state.cashUsd += availabilityUsd;
    if (this.deployments.active > 0) {
      const penaltyUsd = (c.offerMw - offeredMw) * c.penaltyUsdPerMwh;
      this.deployedMw = offeredMw;
      this.deploymentHours++;
      this.penaltyUsd += penaltyUsd;
      this.curtailedMwh += offeredMw;
      state.cashUsd -= penaltyUsd;
      state.shedder!.shedMining(state, offeredMw);
    } else {
      // Offered and not deployed: held for the program, not available to other offers this hour.
      state.committedMiningMw += offeredMw;
    }
  }

  writeTrace(trace: Float64Array, rowStart: number): void {
    const at = rowStart + this.layout.traceStart;
    trace[at + TRACE.curtailed_demand_response_mw] = this.deployedMw;
    trace[at + TRACE.dr_offered_mw] = this.offeredMw;
    trace[at + TRACE.dr_deployed_mw] = this.deployedMw;
  }

  finish(metrics: Float64Array): void {
    const at = this.layout.metricStart;
    metrics[at + RUN.dr_availability_usd] = this.availabilityUsd;
    metrics[at + RUN.dr_penalty_usd] = this.penaltyUsd;
    metrics[at + RUN.curtailed_demand_response_mwh] = this.curtailedMwh;
    metrics[at + RUN.dr_deployment_hours] = this.deploymentHours;
  }
}

export const demandResponse = {
  section: "grid",
  key: "demandResponse",
  runColumns: RUN_COLUMNS,
  traceColumns: TRACE_COLUMNS,
  compile: (input: DemandResponseInput, calendar: Calendar, inputs: MarketInputs): DemandResponseConfig => ({
    ...input,
    hours: calendar.hours,
    recorded: inputs.demandResponseDeployments ? eventHours(inputs.demandResponseDeployments, calendar.startMs, calendar.hours) : null,
  }),
  create: (config: DemandResponseConfig, layout: ComponentLayout): SiteComponent => new DemandResponse(config, layout),
} as const satisfies ComponentKind<DemandResponseInput, DemandResponseConfig>;
