// Grid emergencies (grid.emergencies): in an emergency every mining unit is off, whatever its
// economics (curtailment reason `grid_event`); where AI is interruptible (Texas SB 6, 2025) the AI
// load is cut from the grid too, without SLA penalty, and on-site backup generation carries what
// it can of it at its fuel cost.
import { z } from "zod";
import type { Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import type { MarketInputs } from "../../markets/replay";
import { EventsFile, Triangular } from "../../scenario/fields";
import { columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent } from "../component";
import { Deployments, eventHours, type PlannedEventHours } from "../draws";

export const EmergenciesSchema = /* @__PURE__ */ z
  .strictObject({
    perYear: z.number().min(0).default(0).describe("Expected grid emergencies a year (Poisson arrivals, drawn per run); ignored when eventsFile is given."),
    durationHours: Triangular.default({ min: 2, mode: 6, max: 24 }).describe("Length of each emergency, hours, drawn per event."),
    eventsFile: EventsFile.optional().describe("Recorded emergencies instead of Poisson draws: the same events in every run."),
    aiInterruptible: z
      .boolean()
      .default(false)
      .describe(
        "Whether AI load is curtailed too (without SLA penalty): Texas SB 6 (2025) lets ERCOT order loads of 75 MW or more to curtail in emergencies. By default AI stays on: 'AI is firm' is then an assumption.",
      ),
    backupGenerationMw: z.number().min(0).default(0).describe("With aiInterruptible: on-site backup generation that carries up to this many MW of AI load through an emergency, off the grid."),
    backupFuelUsdPerMwh: z
      .number()
      .min(0)
      .default(150)
      .describe("Fuel and running cost of backup generation per MWh, $ (assumption: diesel gensets at ~10 MMBtu/MWh and ~$3.5/gal are ~$250/MWh, gas engines ~$50-100/MWh)."),
  })
  .describe("Grid emergencies that curtail all flexible load (reason grid_event).");

export type EmergenciesInput = z.output<typeof EmergenciesSchema>;

const RUN_COLUMNS = [
  { name: "curtailed_grid_event_mwh", unit: "MWh", label: "Curtailed by grid emergencies, MWh", description: "Mining energy curtailed by grid emergencies, MWh." },
  { name: "emergency_hours", unit: "hours", label: "Grid emergency hours", description: "Hours under a grid emergency." },
  { name: "backup_generation_mwh", unit: "MWh", label: "AI on backup generation, MWh", description: "AI load carried by on-site backup generation through emergencies that interrupt AI, MWh." },
  { name: "backup_generation_cost_usd", unit: "$", cash: -1, label: "Backup generation costs", description: "Fuel and running cost of that backup generation, $." },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

const TRACE_COLUMNS = [
  { name: "curtailed_grid_event_mw", unit: "MW", curtailment: { reason: "grid_event", rank: 2 }, label: "grid event", description: "Curtailed by a grid emergency, MW." },
  { name: "ai_backup_mw", unit: "MW", description: "AI load carried by backup generation (off the grid) in an emergency, MW." },
] as const satisfies readonly DeclaredColumn[];
const TRACE = columnIndex(TRACE_COLUMNS);

export interface EmergenciesConfig extends EmergenciesInput {
  hours: number;
  /** Recorded emergencies (eventsFile), or null for Poisson draws per run. */
  recorded: PlannedEventHours | null;
}

class Emergencies implements SiteComponent {
  private readonly events: Deployments;
  private curtailedMw = 0;
  private backupMw = 0;
  private curtailedMwh = 0;
  private hours = 0;
  private backupMwh = 0;
  private backupCostUsd = 0;

  constructor(
    private readonly config: EmergenciesConfig,
    private readonly layout: ComponentLayout,
  ) {
    this.events = new Deployments(config.recorded, config.perYear, config.durationHours, "grid", config.hours, layout.eventKindBase);
  }

  reset(baseSeed: number, run: number, queue: EventQueue): void {
    this.curtailedMwh = 0;
    this.hours = 0;
    this.backupMwh = 0;
    this.backupCostUsd = 0;
    this.events.reset(baseSeed, run, queue);
  }

  fireEvent(kind: number): void {
    this.events.fire(kind);
  }

  beforeDispatch(state: HourState): void {
    if (this.events.active <= 0) return;
    state.stopMining = true;
    if (this.config.aiInterruptible) {
      state.aiOffGrid = true;
      state.aiBackupCapacityMw = this.config.backupGenerationMw;
    }
  }

  afterDispatch(state: HourState): void {
    this.curtailedMw = 0;
    this.backupMw = 0;
    if (this.events.active <= 0) return;
    this.hours++;
    this.curtailedMw = state.stoppedMiningMw;
    this.curtailedMwh += state.stoppedMiningMw;
    if (state.aiBackupMw > 0) {
      const costUsd = state.aiBackupMw * this.config.backupFuelUsdPerMwh;
      this.backupMw = state.aiBackupMw;
      this.backupMwh += state.aiBackupMw;
      this.backupCostUsd += costUsd;
      state.cashUsd -= costUsd;
    }
  }

  writeTrace(trace: Float64Array, rowStart: number): void {
    const at = rowStart + this.layout.traceStart;
    trace[at + TRACE.curtailed_grid_event_mw] = this.curtailedMw;
    trace[at + TRACE.ai_backup_mw] = this.backupMw;
  }

  finish(metrics: Float64Array): void {
    const at = this.layout.metricStart;
    metrics[at + RUN.curtailed_grid_event_mwh] = this.curtailedMwh;
    metrics[at + RUN.emergency_hours] = this.hours;
    metrics[at + RUN.backup_generation_mwh] = this.backupMwh;
    metrics[at + RUN.backup_generation_cost_usd] = this.backupCostUsd;
  }
}

export const emergencies = {
  section: "grid",
  key: "emergencies",
  runColumns: RUN_COLUMNS,
  traceColumns: TRACE_COLUMNS,
  compile: (input: EmergenciesInput, calendar: Calendar, inputs: MarketInputs): EmergenciesConfig => ({
    ...input,
    hours: calendar.hours,
    recorded: inputs.emergencies ? eventHours(inputs.emergencies, calendar.startMs, calendar.hours) : null,
  }),
  create: (config: EmergenciesConfig, layout: ComponentLayout): SiteComponent => new Emergencies(config, layout),
} as const satisfies ComponentKind<EmergenciesInput, EmergenciesConfig>;
