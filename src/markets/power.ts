// Wholesale power price, $/MWh: a month x local-hour shape, an AR(1) deviation around it,
// and Pareto-tailed spikes, clamped to the market's floor and cap. Negative prices arise
// when the deviation takes the price below zero.
import type { RandomStream } from "../engine/random";

/** What the hour loop needs of any power price model. */
export interface PowerPriceModel {
  /** Price in force this hour, $/MWh. */
  priceUsdPerMwh: number;
  reset(rng: RandomStream): void;
  /** Moves to hour h's price; shapeSlot = local month * 24 + local hour. */
  step(hour: number, shapeSlot: number): void;
}

export interface PowerPriceParams {
  /** 288 values, month-major: shape[month * 24 + localHour], $/MWh. */
  shapeUsdPerMwh: readonly number[];
  meanReversionPerHour: number;
  deviationSdUsdPerMwh: number;
  spikeProbabilityPerHour: number;
  spikeThresholdUsdPerMwh: number;
  spikeParetoAlpha: number;
  capUsdPerMwh: number;
  floorUsdPerMwh: number;
  scale: number;
}

/** Hourly power price. step(slot) sets priceUsdPerMwh for the hour whose shape slot is month * 24 + localHour. */
export class PowerPriceProcess implements PowerPriceModel {
  /** Price in force this hour, $/MWh. */
  priceUsdPerMwh = 0;
  private deviationUsdPerMwh = 0;
  private rng!: RandomStream;
  private readonly shape: Float64Array;
  private readonly phi: number;
  private readonly sd: number;
  private readonly spikeProbability: number;
  private readonly spikeThreshold: number;
  private readonly inverseAlpha: number;
  private readonly cap: number;
  private readonly floor: number;

  constructor(params: PowerPriceParams) {
    this.shape = Float64Array.from(params.shapeUsdPerMwh, (x) => x * params.scale);
    this.phi = params.meanReversionPerHour;
    this.sd = params.deviationSdUsdPerMwh;
    this.spikeProbability = params.spikeProbabilityPerHour;
    this.spikeThreshold = params.spikeThresholdUsdPerMwh;
    this.inverseAlpha = 1 / params.spikeParetoAlpha;
    this.cap = params.capUsdPerMwh;
    this.floor = params.floorUsdPerMwh;
  }

  /** Starts a new path with no deviation from the shape. */
  reset(rng: RandomStream): void {
    this.rng = rng;
    this.deviationUsdPerMwh = 0;
  }

  /** Advances one hour. Draws one normal and one uniform per hour. */
  step(_hour: number, shapeSlot: number): void {
    this.deviationUsdPerMwh = this.phi * this.deviationUsdPerMwh + this.sd * this.rng.normal();
    let price = this.shape[shapeSlot] + this.deviationUsdPerMwh;
    const u = this.rng.uniform();
    if (u < this.spikeProbability) {
      // Given u < p, u / p is uniform on [0, 1): inverse-transform a Pareto draw from it.
      const spike = this.spikeThreshold * Math.pow(u / this.spikeProbability, -this.inverseAlpha);
      if (spike > price) price = spike;
    }
    this.priceUsdPerMwh = price > this.cap ? this.cap : price < this.floor ? this.floor : price;
  }
}

/** Replay: each hour's price comes from a precomputed hourly path. */
export class PowerReplayProcess implements PowerPriceModel {
  priceUsdPerMwh = 0;

  constructor(private readonly hourlyPriceUsdPerMwh: Float64Array) {}

  reset(_rng: RandomStream): void {}

  step(hour: number): void {
    this.priceUsdPerMwh = this.hourlyPriceUsdPerMwh[hour];
  }
}

/** Where bootstrap days come from: the file's whole UTC days, and for each day of year the days that may stand in for it. */
export interface DayPool {
  /** Hourly prices of the file, from its first whole UTC day. */
  hourlyUsdPerMwh: Float64Array;
  /** Candidates for day of year d (0-365): days candidateDays[candidateStart[d] .. candidateStart[d + 1]). */
  candidateStart: Int32Array;
  candidateDays: Int32Array;
  /** UTC hour of day and day of year of each simulated hour. */
  utcHour: Uint8Array;
  utcDayOfYear: Uint16Array;
}

/** Season-preserving bootstrap of whole days: a random day near the same day of year, drawn at each UTC midnight. */
export class PowerBootstrapProcess implements PowerPriceModel {
  priceUsdPerMwh = 0;
  private rng!: RandomStream;
  private dayOffset = 0;

  constructor(private readonly pool: DayPool) {}

  reset(rng: RandomStream): void {
    this.rng = rng;
  }

  step(hour: number): void {
    const pool = this.pool;
    const utcHour = pool.utcHour[hour];
    if (hour === 0 || utcHour === 0) {
      const doy = pool.utcDayOfYear[hour];
      const from = pool.candidateStart[doy];
      const count = pool.candidateStart[doy + 1] - from;
      this.dayOffset = pool.candidateDays[from + Math.floor(this.rng.uniform() * count)] * 24;
    }
    this.priceUsdPerMwh = pool.hourlyUsdPerMwh[this.dayOffset + utcHour];
  }
}
