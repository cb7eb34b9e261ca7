// The mining fleet: ASIC classes in merit order, curtailable. Their plan (capacity, efficiency,
// hosting, restart failures) and their state in a run (capacity left, machines, on/off time,
// units broken), shedding and retirement. The hour loop dispatches it (src/site/hour.ts).
import { z } from "zod";
import { fraction } from "../scenario/fields";
import type { ResolvedScenario } from "../scenario/schema";
import type { HourState } from "./component";

export const MiningClass = /* @__PURE__ */ z
  .strictObject({
    name: z.string().min(1).optional().describe("Label used in traces; defaults to the model name."),
    model: z.string().min(1).optional().describe("ASIC model from data/asic-models.json, e.g. \"Antminer S21\". Give either model or both hashrateThPerUnit and powerWPerUnit."),
    hashrateThPerUnit: z.number().positive().optional().describe("Nameplate hashrate of one unit, TH/s (overrides the model's)."),
    powerWPerUnit: z.number().positive().optional().describe("Wall power of one unit at nameplate hashrate, W (overrides the model's)."),
    units: z.number().int().positive().optional().describe("Number of units installed. Give units or siteMw."),
    siteMw: z
      .number()
      .positive()
      .optional()
      .describe("Size of the class in site MW at full run, ASIC power plus cooling, instead of units: units = floor(siteMw x 1e6 / (powerWPerUnit x (1 + coolingOverheadFraction)))."),
    availability: fraction("Share of units that are working at any time (failures, repairs), 0-1.").default(0.97),
    coolingOverheadFraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe("Site power for cooling and auxiliaries per unit of ASIC power (0.05 = PUE 1.05; DOMAIN-FACTS: mining sites approach 1.05)."),
    restartFailureFraction: fraction(
      "Share of the running units that fail when the class restarts after being off, until repaired (DOMAIN-FACTS: S19 XP ~10% failure rates in 2023, many failing to restart after curtailment). 0: restarts break nothing.",
    ).default(0),
    repairUnitsPerDay: z.number().min(0).default(10).describe("Failed units of this class repaired a day (DOMAIN-FACTS: a technician repairs ~10 miners a day, ~4 for S19 XP)."),
    ageYearsAtStart: z.number().min(0).default(0).describe("Age of the units at the start, years: with mining.fleetRefresh they are replaced when they reach its ageYears."),
    hostingUsdPerMwh: z
      .number()
      .min(0)
      .optional()
      .describe("Set for third-party ASICs hosted on site: the all-in hosting fee the site earns per MWh they draw, $/MWh; the site pays their power and may curtail them when power costs more than the fee. Unset: self-mining."),
  })
  .describe("A class of identical ASICs. Self-mined classes are dispatched in merit order, best J/TH first, then hosted classes.");

/** The fleet's own fields in the scenario's `mining` section (beside the components it holds, like fleetRefresh). */
export const FLEET_FIELDS = {
  poolFeeFraction: /* @__PURE__ */ fraction("FPPS pool fee, share of expected revenue (DESIGN 4.1 default 2%).").default(0.02),
  variableOmUsdPerMwh: /* @__PURE__ */ z.number().min(0).default(2).describe("Variable operations and maintenance cost per MWh of mining energy, $/MWh (assumption). Counts in the dispatch threshold."),
  classes: /* @__PURE__ */ z.array(MiningClass).default([]).describe("ASIC classes on site; empty for a site with no mining."),
  constraints: /* @__PURE__ */ z
    .strictObject({
      minRunHours: z.number().int().min(1).default(1).describe("Once a class starts, it runs at least this many hours (if there is room)."),
      minOffHours: z.number().int().min(1).default(1).describe("Once a class stops, it stays off at least this many hours."),
      restartUsdPerMw: z.number().min(0).default(0).describe("Cost of each restart per MW of the class's capacity, $ (wear, failed restarts, staff)."),
    })
    .optional()
    .describe("Curtailment constraints, so that dispatch cannot flicker hour by hour for free."),
};

/** A mining class ready for dispatch. */
export interface PlannedMiningClass {
  name: string;
  /** Site MW when every available unit runs, including cooling. */
  capacityMw: number;
  /** TH/s when every available unit runs. */
  hashrateThs: number;
  /** Wall J/TH of the ASICs (without cooling). */
  efficiencyJPerTh: number;
  /** TH/s per MW of site power (cooling included). */
  thsPerSiteMw: number;
  /** Hosting fee the site earns per MWh of a hosted class, $/MWh; NaN for self-mining. */
  hostingUsdPerMwh: number;
  coolingOverheadFraction: number;
  ageYearsAtStart: number;
  /** Share of running capacity that fails at a restart, and site MW repaired an hour. */
  restartFailureFraction: number;
  repairMwPerHour: number;
}

/** The fleet's settings beside its classes. */
export interface PlannedFleet {
  /** Best first: the merit order. */
  classes: PlannedMiningClass[];
  poolFeeFraction: number;
  variableOmUsdPerMwh: number;
  /** Curtailment constraints (1, 1, 0 when none). */
  minRunHours: number;
  minOffHours: number;
  restartUsdPerMw: number;
}

/** Compiles mining.classes into the merit order: self-mining first, most TH per site MW first (best J/TH including cooling), then hosted classes by fee; stable for ties. */
export function compileFleet(scenario: ResolvedScenario): PlannedFleet {
  const classes = scenario.mining.classes
    .map((cls) => {
      const hashrateThPerUnit = cls.hashrateThPerUnit!;
      const powerWPerUnit = cls.powerWPerUnit!;
      const availableUnits = cls.units! * cls.availability;
      const efficiencyJPerTh = powerWPerUnit / hashrateThPerUnit;
      return {
        name: cls.name ?? cls.model ?? "mining",
        capacityMw: (availableUnits * powerWPerUnit * (1 + cls.coolingOverheadFraction)) / 1e6,
        hashrateThs: availableUnits * hashrateThPerUnit,
        efficiencyJPerTh,
        thsPerSiteMw: 1e6 / (efficiencyJPerTh * (1 + cls.coolingOverheadFraction)),
        hostingUsdPerMwh: cls.hostingUsdPerMwh ?? NaN,
        coolingOverheadFraction: cls.coolingOverheadFraction,
        ageYearsAtStart: cls.ageYearsAtStart,
        restartFailureFraction: cls.restartFailureFraction,
        repairMwPerHour: (cls.repairUnitsPerDay * powerWPerUnit * (1 + cls.coolingOverheadFraction)) / 1e6 / 24,
      };
    })
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const hostedA = Number.isNaN(a.c.hostingUsdPerMwh) ? 0 : 1;
      const hostedB = Number.isNaN(b.c.hostingUsdPerMwh) ? 0 : 1;
      if (hostedA !== hostedB) return hostedA - hostedB;
      if (hostedA === 1) return b.c.hostingUsdPerMwh - a.c.hostingUsdPerMwh || a.i - b.i;
      return b.c.thsPerSiteMw - a.c.thsPerSiteMw || a.i - b.i;
    })
    .map(({ c }) => c);
  const constraints = scenario.mining.constraints;
  return {
    classes,
    poolFeeFraction: scenario.mining.poolFeeFraction,
    variableOmUsdPerMwh: scenario.mining.variableOmUsdPerMwh,
    minRunHours: constraints?.minRunHours ?? 1,
    minOffHours: constraints?.minOffHours ?? 1,
    restartUsdPerMw: constraints?.restartUsdPerMw ?? 0,
  };
}

/**
 * The fleet in one run: allocates in its constructor only. The hour loop (src/site/hour.ts)
 * dispatches it in merit order from these arrays and keeps their on/off state, each class unrolled
 * with its fixed parameters written in (docs/speed.md, points 8 and 11).
 */
export class MiningFleet {
  readonly count: number;
  /** Site MW each class runs this hour, in merit order. */
  readonly runMw: Float64Array;

  /** Over the run: restarts, and site MW broken at them (counted by the hour loop). */
  restarts = 0;
  failedAtRestartsMw = 0;

  /** Site MW of each class when all its available units run, this run (conversions take some away). */
  readonly capacityByClassMw: Float64Array;
  private readonly planCapacityMw: Float64Array;
  /** Per class: 1 if running in the last hour, and hours in that state. */
  readonly on: Uint8Array;
  readonly stateHours: Float64Array;
  /** Hosting fee the site earns per MWh of each class (NaN: self-mining). */
  readonly hostingUsdPerMwh: Float64Array;
  readonly thsPerSiteMw: Float64Array;
  private readonly planThsPerSiteMw: Float64Array;
  /** Per class: MW broken at restarts awaiting repair; failure share and repair rate. */
  readonly failedMw: Float64Array;
  readonly restartFailure: Float64Array;
  readonly repairMwPerHour: Float64Array;

  constructor(plan: PlannedFleet) {
    const classes = plan.classes;
    this.count = classes.length;
    this.runMw = new Float64Array(this.count);
    this.planCapacityMw = Float64Array.from(classes, (c) => c.capacityMw);
    this.capacityByClassMw = Float64Array.from(this.planCapacityMw);
    this.hostingUsdPerMwh = Float64Array.from(classes, (c) => c.hostingUsdPerMwh);
    this.on = new Uint8Array(this.count);
    this.stateHours = new Float64Array(this.count);
    this.thsPerSiteMw = Float64Array.from(classes, (c) => c.thsPerSiteMw);
    this.planThsPerSiteMw = Float64Array.from(this.thsPerSiteMw);
    this.failedMw = new Float64Array(this.count);
    this.restartFailure = Float64Array.from(classes, (c) => c.restartFailureFraction);
    this.repairMwPerHour = Float64Array.from(classes, (c) => c.repairMwPerHour);
  }

  /** Starts a run: the planned capacity and machines, nothing broken, every class running, long settled in that state. */
  reset(): void {
    this.capacityByClassMw.set(this.planCapacityMw);
    this.thsPerSiteMw.set(this.planThsPerSiteMw);
    this.failedMw.fill(0);
    this.failedAtRestartsMw = 0;
    this.restarts = 0;
    this.on.fill(1);
    this.stateHours.fill(Infinity);
  }

  /**
   * Sheds mw of the running mining from the end of the merit order, taking its BTC and hosting
   * fees off the hour's figures in state (for components after dispatch).
   */
  shed(state: HourState, mw: number): void {
    let shedBtc = 0;
    let shedHostingUsd = 0;
    state.miningMw -= mw;
    state.curtailedMiningMw += mw;
    for (let c = this.count - 1; c >= 0 && mw > 0; c--) {
      const cutMw = this.runMw[c] < mw ? this.runMw[c] : mw;
      if (cutMw <= 0) continue;
      const fee = this.hostingUsdPerMwh[c];
      if (fee === fee) shedHostingUsd += cutMw * fee;
      else shedBtc += cutMw * this.thsPerSiteMw[c] * state.btcPerThHour;
      this.runMw[c] -= cutMw;
      mw -= cutMw;
    }
    state.btcMined -= shedBtc;
    state.hostingRevenueUsd -= shedHostingUsd;
  }

  /** Takes mw of mining capacity away for good, from the least efficient classes (the end of the merit order) first. */
  retire(mw: number): void {
    let remainingMw = mw;
    for (let k = this.count - 1; k >= 0 && remainingMw > 0; k--) {
      const takenMw = Math.min(this.capacityByClassMw[k], remainingMw);
      this.capacityByClassMw[k] -= takenMw;
      remainingMw -= takenMw;
    }
  }
}
