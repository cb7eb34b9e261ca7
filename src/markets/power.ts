// Wholesale power price, $/MWh: a month x local-hour shape, an AR(1) deviation around it,
// and Pareto-tailed spikes, clamped to the market's floor and cap. Negative prices arise
// when the deviation takes the price below zero.
import type { RandomStream } from "../engine/random";

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
export class PowerPriceProcess {
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
  step(shapeSlot: number): void {
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
