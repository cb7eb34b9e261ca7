// The mining fleet: ASIC classes in merit order, curtailable. Their plan (capacity, efficiency,
// hosting, restart failures) and their state in a run (capacity left, machines, on/off time,
// units broken), shedding and retirement. The hour step dispatches it (src/site/simulation.ts).
import type { ResolvedScenario } from "../scenario/schema";
import type { HourState } from "./component";

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
 * The fleet in one run: allocates in its constructor only. The hour step (src/site/simulation.ts)
 * dispatches it in merit order from these arrays and keeps their on/off state: one function, so
 * that V8 inlines the markets' steps into it (README, Speed: the dispatch as a call of its own
 * cost 15-20% on the reference model).
 */
export class MiningFleet {
  readonly count: number;
  /** Site MW each class runs this hour, in merit order. */
  readonly runMw: Float64Array;

  /** Over the run: restarts, and site MW broken at them (counted by the hour step). */
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

  /** Class c's site MW now, and its TH/s per site MW (new machines change it). */
  classMw(c: number): number {
    return this.capacityByClassMw[c];
  }

  classThsPerSiteMw(c: number): number {
    return this.thsPerSiteMw[c];
  }

  setClassThsPerSiteMw(c: number, thsPerSiteMw: number): void {
    this.thsPerSiteMw[c] = thsPerSiteMw;
  }
}
