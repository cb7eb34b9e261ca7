// AI load flexibility: on a grid call the AI halls shed a share of their load for up to a few
// hours, by slowing or pausing flexible jobs, for an availability payment. Field trials: a
// 256-GPU cluster in Phoenix cut its power 25% for three hours in a grid peak with service kept
// (Emerald AI, Oracle, NVIDIA, SRP, EPRI, May 2025; arXiv 2507.00909); 96 Blackwell Ultra GPUs in
// London cut ~30-35% within 30 s of the signal and held it up to 10 hours (Nebius, National
// Grid, December 2025).
import { z } from "zod";
import type { Calendar } from "../../engine/calendar";
import type { EventQueue } from "../../engine/events";
import { RandomStream, streamSeed } from "../../engine/random";
import { fraction, LocalHours, Triangular } from "../../scenario/fields";
import { columnIndex, type ComponentKind, type ComponentLayout, type DeclaredColumn, type HourState, type SiteComponent } from "../component";
import { schedulePoissonEvents } from "../draws";

export const AiFlexibilitySchema = /* @__PURE__ */ z
  .strictObject({
    shedShare: fraction(
      "Share of the AI halls' load shed while a call is held (field trials: 0.25 for three hours in Phoenix, May 2025, arXiv 2507.00909; ~0.30-0.35 for up to 10 hours in London, December 2025).",
    ).default(0.25),
    maxCallHours: z
      .number()
      .positive()
      .default(3)
      .describe("Longest the shed is held in one call, hours (Phoenix trial: 3); hours of a call beyond it are not delivered (penaltyUsdPerMwh)."),
    callsPerYear: z.number().min(0).default(0).describe("Expected grid calls a year (Poisson arrivals, drawn per run from the stream 'ai-flexibility')."),
    callHours: Triangular.default({ min: 1, mode: 3, max: 6 }).describe("Length of each call, hours, drawn per call."),
    contractLocalHours: LocalHours.default({ from: 0, to: 24 }).describe(
      "Local hours of each day in which the commitment holds; outside them nothing is offered, paid or shed.",
    ),
    availabilityUsdPerMwHour: z
      .number()
      .min(0)
      .describe("Payment per MW of flexible AI load offered per contract hour (shedShare x the AI load), $/MW-h (an assumption to set per program: ERCOT ERS-like capacity payments)."),
    energyUsdPerMwh: z.number().min(0).default(0).describe("Payment per MWh shed in a call, $/MWh."),
    penaltyUsdPerMwh: z.number().min(0).default(0).describe("Penalty per MWh of a call not delivered (its hours beyond maxCallHours), $/MWh."),
    revenueLossShare: fraction(
      "Share of the shed load's AI revenue lost: 1 (the default, prudent) when the GPU-hours not delivered are not paid; 0 when the work is only deferred and the contract pays as before (the trials kept their service levels).",
    ).default(1),
  })
  .describe(
    "AI load flexibility: on a grid call the AI halls shed shedShare of their load for up to maxCallHours, earning an availability payment (and any energy payment) and losing revenueLossShare of the shed load's revenue; mining may not fill the room the shed leaves. The shed load is neither unserved nor penalised under the halls' SLAs.",
  );

export type AiFlexibilityInput = z.output<typeof AiFlexibilitySchema>;

const RUN_COLUMNS = [
  { name: "ai_flex_availability_usd", unit: "$", cash: 1, label: "AI flexibility payments", description: "AI load flexibility (grid.aiFlexibility): availability payments, MW offered x rate, $." },
  { name: "ai_flex_energy_payment_usd", unit: "$", cash: 1, label: "AI flexibility energy payments", description: "AI load flexibility: payments for the energy shed in calls, $." },
  { name: "ai_flex_penalty_usd", unit: "$", cash: -1, label: "AI flexibility penalties", description: "AI load flexibility: penalties for call hours not delivered, $." },
  { name: "ai_flex_revenue_lost_usd", unit: "$", label: "AI revenue given up in calls", description: "AI load flexibility: AI revenue given up on the shed load (already out of ai_revenue_usd), $." },
  { name: "ai_flex_shed_mwh", unit: "MWh", label: "AI shed in grid calls, MWh", description: "AI load flexibility: AI energy shed in calls (not in ai_mwh, not unserved), MWh." },
  { name: "ai_flex_undelivered_mwh", unit: "MWh", label: "AI call hours not delivered, MWh", description: "AI load flexibility: energy of call hours beyond maxCallHours, not shed, MWh." },
  { name: "ai_flex_call_hours", unit: "hours", label: "AI grid-call hours", description: "AI load flexibility: contract hours under a call." },
  { name: "ai_flex_calls", unit: "count", label: "AI grid calls", description: "AI load flexibility: calls within the horizon." },
] as const satisfies readonly DeclaredColumn[];
const RUN = columnIndex(RUN_COLUMNS);

const TRACE_COLUMNS = [
  { name: "ai_flex_offered_mw", unit: "MW", description: "AI load flexibility: AI load offered this hour (shedShare x the AI load in contract hours), MW." },
  { name: "ai_flex_shed_mw", unit: "MW", description: "AI load flexibility: AI load shed in a call this hour, MW." },
] as const satisfies readonly DeclaredColumn[];
const TRACE = columnIndex(TRACE_COLUMNS);

export interface AiFlexibilityConfig extends AiFlexibilityInput {
  hours: number;
}

const CALL_START = 0;
const CALL_END = 1;

class AiFlexibility implements SiteComponent {
  private callsActive = 0;
  private callStartHour = 0;
  private offeredMw = 0;
  private shedMw = 0;
  private availabilityUsd = 0;
  private energyPaymentUsd = 0;
  private penaltyUsd = 0;
  private revenueLostUsd = 0;
  private shedMwh = 0;
  private undeliveredMwh = 0;
  private callHours = 0;
  private calls = 0;

  constructor(
    private readonly config: AiFlexibilityConfig,
    private readonly layout: ComponentLayout,
  ) {}

  reset(baseSeed: number, run: number, queue: EventQueue): void {
    const c = this.config;
    this.callsActive = 0;
    this.callStartHour = 0;
    this.availabilityUsd = 0;
    this.energyPaymentUsd = 0;
    this.penaltyUsd = 0;
    this.revenueLostUsd = 0;
    this.shedMwh = 0;
    this.undeliveredMwh = 0;
    this.callHours = 0;
    this.calls = 0;
    const base = this.layout.eventKindBase;
    schedulePoissonEvents(new RandomStream(streamSeed(baseSeed, run, "ai-flexibility")), queue, c.hours, c.callsPerYear, c.callHours, base + CALL_START, base + CALL_END);
  }

  fireEvent(kind: number, _payload: number, hour: number): void {
    if (kind === CALL_START) {
      this.callsActive++;
      this.callStartHour = hour;
      this.calls++;
    } else if (kind === CALL_END) {
      this.callsActive--;
    }
  }

  beforeDispatch(state: HourState): void {
    const c = this.config;
    this.offeredMw = 0;
    this.shedMw = 0;
    if (state.localHour < c.contractLocalHours.from || state.localHour >= c.contractLocalHours.to) return;
    const offeredMw = c.shedShare * state.aiDemandMw;
    this.offeredMw = offeredMw;
    let cashUsd = offeredMw * c.availabilityUsdPerMwHour;
    this.availabilityUsd += offeredMw * c.availabilityUsdPerMwHour;
    if (this.callsActive > 0) {
      this.callHours++;
      if (state.hour - this.callStartHour < c.maxCallHours) {
        this.shedMw = offeredMw;
        this.shedMwh += offeredMw;
        this.energyPaymentUsd += offeredMw * c.energyUsdPerMwh;
        cashUsd += offeredMw * c.energyUsdPerMwh;
        const lostShare = c.shedShare * c.revenueLossShare;
        this.revenueLostUsd += state.aiRevenueUsd * lostShare;
        state.aiDemandScale *= 1 - c.shedShare;
        state.aiRevenueScale *= 1 - lostShare;
      } else {
        this.undeliveredMwh += offeredMw;
        this.penaltyUsd += offeredMw * c.penaltyUsdPerMwh;
        cashUsd -= offeredMw * c.penaltyUsdPerMwh;
      }
    }
    state.cashUsd += cashUsd;
  }

  afterDispatch(): void {}

  writeTrace(trace: Float64Array, rowStart: number): void {
    const at = rowStart + this.layout.traceStart;
    trace[at + TRACE.ai_flex_offered_mw] = this.offeredMw;
    trace[at + TRACE.ai_flex_shed_mw] = this.shedMw;
  }

  finish(metrics: Float64Array): void {
    const at = this.layout.metricStart;
    metrics[at + RUN.ai_flex_availability_usd] = this.availabilityUsd;
    metrics[at + RUN.ai_flex_energy_payment_usd] = this.energyPaymentUsd;
    metrics[at + RUN.ai_flex_penalty_usd] = this.penaltyUsd;
    metrics[at + RUN.ai_flex_revenue_lost_usd] = this.revenueLostUsd;
    metrics[at + RUN.ai_flex_shed_mwh] = this.shedMwh;
    metrics[at + RUN.ai_flex_undelivered_mwh] = this.undeliveredMwh;
    metrics[at + RUN.ai_flex_call_hours] = this.callHours;
    metrics[at + RUN.ai_flex_calls] = this.calls;
  }
}

export const aiFlexibility = {
  section: "grid",
  key: "aiFlexibility",
  runColumns: RUN_COLUMNS,
  traceColumns: TRACE_COLUMNS,
  compile: (input: AiFlexibilityInput, calendar: Calendar): AiFlexibilityConfig => ({ ...input, hours: calendar.hours }),
  create: (config: AiFlexibilityConfig, layout: ComponentLayout): SiteComponent => new AiFlexibility(config, layout),
} as const satisfies ComponentKind<AiFlexibilityInput, AiFlexibilityConfig>;
