// The AI halls: firm load, served first. Their plan (contracts, phases, the capex they bring) and
// their state in a run (IT online, contract terms drawn, GPUs' age) and their events. The hour
// loop serves them before mining (src/site/hour.ts).
import { hourOf, HOURS_PER_YEAR, type Calendar } from "../engine/calendar";
import type { EventQueue } from "../engine/events";
import { RandomStream, streamSeed } from "../engine/random";
import { z } from "zod";
import { built, fraction, isoDate, positive, Triangular } from "../scenario/fields";
import type { ResolvedScenario } from "../scenario/schema";
import { triangular } from "./draws";

/** A hall gets phase i's IT (payload i: hall phaseHall[i] has phaseItMw[i] MW of IT online). */
export const EVENT_AI_PHASE = 1;
/** A hall's contract ends without renewal (payload: hall index): the hall goes dark. */
export const EVENT_CONTRACT_END = 6;
/** A hall's contract is renewed (payload: hall index): re-priced at the market price of its GPUs' age. */
export const EVENT_CONTRACT_RENEW = 16;

const GpuHoursContract = /* @__PURE__ */ z
  .strictObject({
    type: z.literal("gpu_hours"),
    usdPerGpuHour: positive("Price of one billed GPU-hour in the first contract, for new GPUs, $."),
    kwItPerGpu: positive("Critical IT power per GPU including its share of servers, network and storage, kW."),
    takeOrPay: z
      .boolean()
      .default(false)
      .describe("Bill every GPU-hour of the IT online, whatever the utilization (a capacity contract like IREN-Microsoft's); false bills the busy share only."),
    marketPriceDeclinePerYear: fraction(
      "How fast the market price of a GPU-hour falls as the hall's GPUs age, per year: it is usdPerGpuHour x (1 - decline)^(years since the hall last bought GPUs), back to usdPerGpuHour when they are replaced (DOMAIN-FACTS: H100 from ~$4.70 at launch in 2023 to $2.35-2.95 in 2026, about -20%/yr; RBC: H100 -22% in 2025). A contract with a term keeps its price for the term and is re-signed at the market price of the day; without a term the price follows the market hour by hour.",
    ).default(0),
  })
  .describe("GPU cloud: revenue = GPUs online x $/GPU-hour x utilization (or x 1, take-or-pay).");

const ColocationContract = /* @__PURE__ */ z
  .strictObject({
    type: z.literal("colocation"),
    usdPerKwMonth: positive("Lease rate per kW of critical IT online, per month of 730 hours (take-or-pay)."),
    powerPassThrough: z
      .boolean()
      .default(true)
      .describe("Whether the tenant pays the power its hall draws (powered-shell, triple-net and modified-gross leases pass power through; DOMAIN-FACTS section 2): its energy stays off the site's power cost. false: the site pays it out of the rent."),
    powerMarkupFraction: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("With powerPassThrough: what the site earns on top of the passed-through power cost, as a share of it (0: at cost)."),
  })
  .describe("Colocation lease: revenue = critical IT kW online x $/kW-month, whatever the utilization.");

const NO_UNCERTAINTY = { min: 1, mode: 1, max: 1 };

export const AiPhase = /* @__PURE__ */ built(() =>
  z.strictObject({
    start: isoDate.describe("When this step of critical IT load comes online (UTC)."),
    itMw: z.number().min(0).describe("Critical IT MW online from this date (the total, not the increment)."),
  }),
);

export const AiHall = /* @__PURE__ */ z
  .strictObject({
    name: z.string().min(1).describe("Label used in traces."),
    pue: z.number().min(1).max(3).default(1.25).describe("Power usage effectiveness: site MW per MW of IT power (DOMAIN-FACTS: 1.18-1.3 for converted AI sites)."),
    phases: z
      .array(AiPhase)
      .default([])
      .describe("Ramp of critical IT MW online, in date order. Empty for a hall that only receives conversions: its contract term then starts at its first conversion's start."),
    utilization: z
      .union([fraction("Constant share of online IT capacity that is busy and billed."), z.array(z.number().min(0).max(1)).length(24)])
      .default(0.85)
      .describe("Busy share of online IT, 0-1: one number, or 24 numbers by local hour of day (LBNL via DOMAIN-FACTS: GPU servers busy 75-85%)."),
    idlePowerFraction: fraction("Power drawn by idle IT as a share of nameplate (DOMAIN-FACTS: ~20%).").default(0.2),
    contract: z.discriminatedUnion("type", [GpuHoursContract, ColocationContract]).describe("How the hall earns: gpu_hours or colocation."),
    slaPenaltyUsdPerMwh: z.number().min(0).default(1000).describe("Penalty per MWh of firm AI load not served, $/MWh (assumption)."),
    priceFactor: Triangular.default(NO_UNCERTAINTY).describe("Multiplier on the contract price ($/GPU-hour or $/kW-month), drawn once per run (DOMAIN-FACTS: H100 contract prices moved from ~$2.85 to $1.70 and back to $2.35-2.65 within two years)."),
    demandFactor: Triangular.default(NO_UNCERTAINTY).describe("Multiplier on utilization (capped at 1), drawn once per run: how much of the hall is sold."),
    termYears: z.number().positive().optional().describe("Contract term from the hall's first phase, years; without it the contract runs to the horizon."),
    renewalProbability: fraction("Chance that the contract is renewed for another term at each term's end, drawn per run; if not renewed the hall goes dark (no load, revenue or opex).").default(1),
    buildCapexUsdPerMwIt: z.number().min(0).default(10_000_000).describe("Shell, power and cooling build cost per MW of critical IT, paid in equal monthly parts over the buildMonths before each phase comes online, $ (DOMAIN-FACTS: $9-11M/MW, Cipher/Hut 8 2025)."),
    buildMonths: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(11)
      .describe("Months of construction before each phase comes online, over which its build cost is paid; parts that fall before the start are paid at the start (a phase dated before the start is existing: sunk). Default 11, the mode of conversion timelines (DOMAIN-FACTS: 7-18 months)."),
    equipmentCapexUsdPerMwIt: z.number().min(0).default(0).describe("GPU/server cost per MW of critical IT, paid when each MW comes online and again every equipmentLifeYears, $ (DOMAIN-FACTS: ~$29M/MW, IREN-Dell)."),
    equipmentLifeYears: z.number().positive().default(5).describe("Years before GPUs and servers are bought again, and over which they are written down (straight line) for the salvage value at the horizon (DOMAIN-FACTS: useful life of compute hardware usually quoted 3-5 years)."),
    buildLifeYears: z
      .number()
      .positive()
      .default(20)
      .describe("Years over which the shell, power and cooling build is written down (straight line) for the salvage value at the horizon (assumption: a 10-year lease with two 5-year options, WULF-Core42 in DOMAIN-FACTS, uses the building 20 years)."),
    fixedOpexUsdPerMwItYear: z.number().min(0).default(200_000).describe("Staff, maintenance and insurance per MW of critical IT online per year, $ (assumption)."),
  })
  .describe("An AI hall: firm load, always served first.");

/** An AI hall ready for the hour loop. */
export interface PlannedAiHall {
  name: string;
  pue: number;
  idlePowerFraction: number;
  /** Busy share by local hour of day (24 values). */
  utilizationByHour: Float64Array;
  /** Revenue per MW of IT online per hour at full utilization (gpu_hours), $/MW-h; 0 for colocation. */
  usdPerBusyItMwHour: number;
  /** Revenue per MW of IT online per hour regardless of utilization (colocation), $/MW-h; 0 for gpu_hours. */
  usdPerOnlineItMwHour: number;
  slaPenaltyUsdPerMwh: number;
  /** 1 when the tenant pays the hall's power (colocation pass-through), else 0; and the markup on it. */
  powerPassThrough: number;
  powerMarkupFraction: number;
  fixedOpexUsdPerMwItHour: number;
  priceFactor: { min: number; mode: number; max: number };
  demandFactor: { min: number; mode: number; max: number };
  /** First hour of the contract (the first phase, not before hour 0) and its term in hours (Infinity: no end). */
  contractStartHour: number;
  termHours: number;
  renewalProbability: number;
  /** Market price multiplier by age of the hall's GPUs in hours, (1 - decline)^(age / 8,760), clamped at its end; null without decline. */
  priceByGpuAgeHour: Float64Array | null;
  /** Hour the hall's first GPUs were bought (its first phase; may be before the start). */
  firstPhaseHour: number;
}

/** The halls' part of a run plan. */
export interface PlannedHalls {
  halls: PlannedAiHall[];
  /** EVENT_AI_PHASE payload i: hall phaseHall[i] has phaseItMw[i] MW of IT online. */
  phaseHall: Int32Array;
  phaseItMw: Float64Array;
  /** IT MW online at hour 0 from phases that started before the scenario (no capex: sunk). */
  initialItMw: Float64Array;
}

/** How a hall's capital items reach the site's books (src/site/plan.ts). */
export type AddCapex = (hour: number, usd: number, label: string, lifeHours: number, hall: number, renewsGpus: boolean) => void;

/**
 * Compiles the scenario's halls: their contracts as hourly rates, their phases as events, and their
 * builds, GPUs and GPU refreshes as capital items (refreshes bought before lastRefreshHour only).
 */
export function compileHalls(
  scenario: ResolvedScenario,
  calendar: Calendar,
  hours: number,
  lastRefreshHour: number,
  events: { hour: number; priority: number; kind: number; payload: number }[],
  addCapex: AddCapex,
): PlannedHalls {
  // A hall's first IT: its first phase, or for a hall that only receives conversions, its first conversion's start.
  const firstHourOf = (hall: ResolvedScenario["ai"]["halls"][number]) =>
    hall.phases.length > 0 ? hourOf(calendar, hall.phases[0].start) : Math.min(...scenario.conversions.filter((c) => c.hall === hall.name).map((c) => hourOf(calendar, c.start)));
  const halls: PlannedAiHall[] = scenario.ai.halls.map((hall) => {
    const utilization = typeof hall.utilization === "number" ? new Array(24).fill(hall.utilization) : hall.utilization;
    const contract = hall.contract;
    return {
      name: hall.name,
      pue: hall.pue,
      idlePowerFraction: hall.idlePowerFraction,
      utilizationByHour: Float64Array.from(utilization),
      usdPerBusyItMwHour: contract.type === "gpu_hours" && !contract.takeOrPay ? (1000 / contract.kwItPerGpu) * contract.usdPerGpuHour : 0,
      usdPerOnlineItMwHour:
        contract.type === "colocation" ? (1000 * contract.usdPerKwMonth) / 730 : contract.takeOrPay ? (1000 / contract.kwItPerGpu) * contract.usdPerGpuHour : 0,
      slaPenaltyUsdPerMwh: hall.slaPenaltyUsdPerMwh,
      powerPassThrough: contract.type === "colocation" && contract.powerPassThrough ? 1 : 0,
      powerMarkupFraction: contract.type === "colocation" && contract.powerPassThrough ? contract.powerMarkupFraction : 0,
      fixedOpexUsdPerMwItHour: hall.fixedOpexUsdPerMwItYear / HOURS_PER_YEAR,
      priceFactor: hall.priceFactor,
      demandFactor: hall.demandFactor,
      contractStartHour: Math.max(0, firstHourOf(hall)),
      termHours: hall.termYears !== undefined ? Math.round(hall.termYears * HOURS_PER_YEAR) : Infinity,
      renewalProbability: hall.renewalProbability,
      priceByGpuAgeHour:
        contract.type === "gpu_hours" && contract.marketPriceDeclinePerYear > 0
          ? Float64Array.from({ length: 2 * hours + 1 }, (_, age) => Math.pow(1 - contract.marketPriceDeclinePerYear, age / HOURS_PER_YEAR))
          : null,
      firstPhaseHour: firstHourOf(hall),
    };
  });

  const phaseHall: number[] = [];
  const phaseItMw: number[] = [];
  const initialItMw = new Float64Array(halls.length);
  scenario.ai.halls.forEach((hall, hallIndex) => {
    let previousItMw = 0;
    const lifeHours = Math.round(hall.equipmentLifeYears * HOURS_PER_YEAR);
    const buildLifeHours = Math.round(hall.buildLifeYears * HOURS_PER_YEAR);
    for (const phase of hall.phases) {
      const hour = hourOf(calendar, phase.start);
      const addedMw = Math.max(0, phase.itMw - previousItMw);
      previousItMw = phase.itMw;
      if (hour <= 0) {
        initialItMw[hallIndex] = phase.itMw;
      } else if (hour < hours) {
        events.push({ hour, priority: 0, kind: EVENT_AI_PHASE, payload: phaseHall.length });
        phaseHall.push(hallIndex);
        phaseItMw.push(phase.itMw);
      }
      if (hour >= 0) {
        // The build is paid in equal monthly parts over the construction months before the phase (at the start for parts before it).
        for (let k = hall.buildMonths; k >= 1; k--) {
          addCapex(Math.max(0, hour - k * 730), (addedMw * hall.buildCapexUsdPerMwIt) / hall.buildMonths, `${hall.name} build`, buildLifeHours, hallIndex, false);
        }
        addCapex(hour, addedMw * hall.equipmentCapexUsdPerMwIt, `${hall.name} equipment`, lifeHours, hallIndex, true);
      }
      // Equipment is bought again every equipmentLifeYears, also for halls that predate the start,
      // but not in the last months of the horizon, and (in the run) only while the hall's contract runs.
      for (let refresh = hour + lifeHours; refresh < lastRefreshHour; refresh += lifeHours) {
        if (refresh > 0) addCapex(refresh, addedMw * hall.equipmentCapexUsdPerMwIt, `${hall.name} equipment refresh`, lifeHours, hallIndex, true);
      }
    }
  });
  return { halls, phaseHall: Int32Array.from(phaseHall), phaseItMw: Float64Array.from(phaseItMw), initialItMw };
}

/**
 * The halls in one run: allocates in its constructor only. The hour loop (src/site/hour.ts) reads
 * their arrays for the hour's demand and revenue, each hall unrolled with its fixed parameters
 * written in (docs/speed.md, points 8 and 11).
 */
export class AiHalls {
  readonly count: number;
  readonly itMw: Float64Array;
  /** IT MW brought online by conversions, per hall, this run. */
  readonly convertedItMw: Float64Array;
  readonly pue: Float64Array;
  readonly idle: Float64Array;
  readonly utilByHour: Float64Array; // hall * 24 + localHour
  readonly busyRevenue: Float64Array;
  /** Per hall, this run: drawn price and demand multipliers, and 1 while its contract runs, 0 after. */
  readonly priceFactor: Float64Array;
  readonly demandFactor: Float64Array;
  readonly onFactor: Float64Array;
  /** Per hall, this run: hour its GPUs were last bought, and the price multiplier its contract holds (NaN: follows the market). */
  readonly gpuOriginHour: Float64Array;
  readonly contractMultiplier: Float64Array;
  readonly onlineRevenue: Float64Array;
  readonly penalty: Float64Array;
  readonly opex: Float64Array;
  /** Per hall: 1 if its tenant pays its power, and the markup the site earns on it. */
  readonly passThrough: Float64Array;
  readonly markup: Float64Array;

  constructor(
    private readonly plan: PlannedHalls,
    private readonly hours: number,
  ) {
    const halls = plan.halls;
    this.count = halls.length;
    this.itMw = new Float64Array(this.count);
    this.convertedItMw = new Float64Array(this.count);
    this.pue = Float64Array.from(halls, (h) => h.pue);
    this.idle = Float64Array.from(halls, (h) => h.idlePowerFraction);
    this.utilByHour = new Float64Array(this.count * 24);
    halls.forEach((h, i) => this.utilByHour.set(h.utilizationByHour, i * 24));
    this.busyRevenue = Float64Array.from(halls, (h) => h.usdPerBusyItMwHour);
    this.priceFactor = new Float64Array(this.count);
    this.demandFactor = new Float64Array(this.count);
    this.onFactor = new Float64Array(this.count);
    this.gpuOriginHour = new Float64Array(this.count);
    this.contractMultiplier = new Float64Array(this.count);
    this.onlineRevenue = Float64Array.from(halls, (h) => h.usdPerOnlineItMwHour);
    this.penalty = Float64Array.from(halls, (h) => h.slaPenaltyUsdPerMwh);
    this.opex = Float64Array.from(halls, (h) => h.fixedOpexUsdPerMwItHour);
    this.passThrough = Float64Array.from(halls, (h) => h.powerPassThrough);
    this.markup = Float64Array.from(halls, (h) => h.powerMarkupFraction);
  }

  /** Starts run `run`: the halls' IT at the start, and their contracts' terms drawn from the stream "contracts", renewals and ends scheduled. */
  reset(baseSeed: number, run: number, queue: EventQueue): void {
    const halls = this.plan.halls;
    this.itMw.set(this.plan.initialItMw);
    this.convertedItMw.fill(0);
    this.onFactor.fill(1);
    // The first contract holds its price; a hall without a term follows the market (NaN).
    halls.forEach((hall, i) => {
      this.gpuOriginHour[i] = hall.firstPhaseHour;
      this.contractMultiplier[i] = hall.termHours === Infinity ? NaN : 1;
    });
    if (this.count === 0) return;
    // Contracts: price and demand multipliers and renewals drawn per run from their own stream.
    const rng = new RandomStream(streamSeed(baseSeed, run, "contracts"));
    halls.forEach((hall, i) => {
      this.priceFactor[i] = triangular(rng.uniform(), hall.priceFactor.min, hall.priceFactor.mode, hall.priceFactor.max);
      this.demandFactor[i] = triangular(rng.uniform(), hall.demandFactor.min, hall.demandFactor.mode, hall.demandFactor.max);
      let end = hall.contractStartHour + hall.termHours;
      while (end < this.hours && rng.uniform() < hall.renewalProbability) {
        queue.schedule(end, 2, EVENT_CONTRACT_RENEW, i);
        end += hall.termHours;
      }
      if (end < this.hours) queue.schedule(end, 0, EVENT_CONTRACT_END, i);
    });
  }

  /** One of the halls' events; false if `kind` is not theirs. */
  fireEvent(kind: number, payload: number, hour: number): boolean {
    if (kind === EVENT_AI_PHASE) {
      this.itMw[this.plan.phaseHall[payload]] = this.plan.phaseItMw[payload];
    } else if (kind === EVENT_CONTRACT_RENEW) {
      // Re-signed at the market price of the hall's GPUs' age (after any GPUs bought this hour).
      this.contractMultiplier[payload] = this.marketPriceMultiplier(payload, hour);
    } else if (kind === EVENT_CONTRACT_END) {
      this.onFactor[payload] = 0;
    } else {
      return false;
    }
    return true;
  }

  /** Whether hall i's contract runs (nothing is bought for a dark hall). */
  active(hall: number): boolean {
    return this.onFactor[hall] > 0;
  }

  /** Hall i's GPUs were bought new at `hour` (their market price restarts from new). */
  renewGpus(hall: number, hour: number): void {
    this.gpuOriginHour[hall] = hour;
  }

  /** Brings itMw of IT online in hall i, beside its own phases. */
  addIt(hall: number, itMw: number): void {
    this.convertedItMw[hall] += itMw;
  }

  /** Market price of hall i's GPU-hours at hour h, as a multiple of the first contract's price. */
  marketPriceMultiplier(i: number, h: number): number {
    const table = this.plan.halls[i].priceByGpuAgeHour;
    if (table === null) return 1;
    const age = h - this.gpuOriginHour[i];
    return table[age <= 0 ? 0 : age < table.length ? age : table.length - 1];
  }
}
